package dev.tandem.build;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Rows of builds and their phases. State changes are conditional updates, so two nodes never both take a build. */
@Repository
class BuildRepository {

    private static final String COLUMNS = """
            id, workspace_id, number, status, started_by, snapshot, timeout_seconds, message, queued_at, started_at,
            ended_at, artifacts_size, tests_total, tests_passed, tests_failed, tests_skipped, tests_duration_ms,
            exported_variables""";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    BuildRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A new queued build with the next number of its workspace. */
    @Transactional
    long insert(long workspaceId, String startedBy, String buildspecOverride, int timeoutSeconds) {
        // Locks the workspace row so two starts cannot take the same number.
        jdbc.sql("select id from workspaces where id = ? for update").param(workspaceId).query(Long.class).single();
        int number = jdbc.sql("select coalesce(max(number), 0) + 1 from builds where workspace_id = ?")
                .param(workspaceId).query(Integer.class).single();
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into builds (workspace_id, number, status, started_by, buildspec_override, timeout_seconds)
                        values (?, ?, 'QUEUED', ?, ?, ?)""")
                .params(workspaceId, number, startedBy, buildspecOverride, timeoutSeconds)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    Optional<Build> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from builds where id = ?").param(id)
                .query((rs, row) -> build(rs)).optional();
    }

    /** The newest builds of a workspace first. */
    List<Build> list(long workspaceId, int limit, Long beforeId) {
        return jdbc.sql("select " + COLUMNS + " from builds where workspace_id = ? and id < ? order by id desc limit ?")
                .params(workspaceId, beforeId == null ? Long.MAX_VALUE : beforeId, limit)
                .query((rs, row) -> build(rs)).list();
    }

    Optional<String> buildspecOverride(long id) {
        return jdbc.sql("select buildspec_override from builds where id = ?").param(id)
                .query((rs, row) -> Optional.ofNullable(rs.getString(1))).optional().flatMap(o -> o);
    }

    /** Ids of queued builds, oldest first. */
    List<Long> queued(int limit) {
        return jdbc.sql("select id from builds where status = 'QUEUED' order by id limit ?").param(limit)
                .query(Long.class).list();
    }

    int queuePosition(long id) {
        return jdbc.sql("select count(*) from builds where status = 'QUEUED' and id <= ?").param(id)
                .query(Integer.class).single();
    }

    /** Takes a queued build; false when another caller took or stopped it first. */
    boolean claim(long id) {
        return jdbc.sql("update builds set status = 'IN_PROGRESS', started_at = ? where id = ? and status = 'QUEUED'")
                .params(now(), id).update() == 1;
    }

    /** Stops a build that is still queued; false when it already left the queue. */
    boolean stopQueued(long id, String message) {
        return jdbc.sql("update builds set status = 'STOPPED', message = ?, ended_at = ? where id = ? and status = 'QUEUED'")
                .params(message, now(), id).update() == 1;
    }

    void snapshot(long id, String snapshot) {
        jdbc.sql("update builds set snapshot = ? where id = ?").params(snapshot, id).update();
    }

    void finish(long id, BuildStatus status, String message, Long artifactsSize, TestSummary tests,
            Map<String, String> exported) {
        jdbc.sql("""
                        update builds set status = ?, message = ?, ended_at = ?, artifacts_size = ?, tests_total = ?,
                          tests_passed = ?, tests_failed = ?, tests_skipped = ?, tests_duration_ms = ?, exported_variables = ?
                        where id = ?""")
                .params(status.name(), cut(message), now(), artifactsSize,
                        tests == null ? null : tests.total(), tests == null ? null : tests.passed(),
                        tests == null ? null : tests.failed(), tests == null ? null : tests.skipped(),
                        tests == null ? null : tests.durationMillis(), toJson(exported), id)
                .update();
    }

    /** Builds left running by a server that stopped: they cannot go on, so they become FAULT. */
    int faultAbandoned(String message) {
        int builds = jdbc.sql("update builds set status = 'FAULT', message = ?, ended_at = ? where status = 'IN_PROGRESS'")
                .params(message, now()).update();
        jdbc.sql("update build_phases set status = 'FAULT', ended_at = ?, message = ? where status = 'IN_PROGRESS'")
                .params(now(), message).update();
        return builds;
    }

    /** Records a phase's start; nothing when the build is gone (its workspace was deleted while it ran). */
    void startPhase(long buildId, int seq, String name) {
        jdbc.sql("""
                        insert into build_phases (build_id, seq, name, status, started_at)
                        select id, ?, ?, 'IN_PROGRESS', ? from builds where id = ?""")
                .params(seq, name, now(), buildId).update();
    }

    void endPhase(long buildId, int seq, BuildStatus status, String message) {
        jdbc.sql("update build_phases set status = ?, ended_at = ?, message = ? where build_id = ? and seq = ?")
                .params(status.name(), now(), cut(message), buildId, seq).update();
    }

    List<BuildPhase> phases(long buildId) {
        return jdbc.sql("select name, status, started_at, ended_at, message from build_phases where build_id = ? order by seq")
                .param(buildId)
                .query((rs, row) -> {
                    Instant start = instant(rs, "started_at");
                    Instant end = instant(rs, "ended_at");
                    return new BuildPhase(rs.getString("name"), BuildStatus.valueOf(rs.getString("status")), start, end,
                            end == null ? null : end.toEpochMilli() - start.toEpochMilli(), rs.getString("message"));
                })
                .list();
    }

    /** Ids of finished builds of a workspace beyond the newest {@code keep}, or ended before {@code cutoff}. */
    List<Long> expired(int keep, Instant cutoff) {
        return jdbc.sql("""
                        select b.id from builds b
                        where b.status not in ('QUEUED', 'IN_PROGRESS')
                          and (b.ended_at < ? or (select count(*) from builds n where n.workspace_id = b.workspace_id
                                                   and n.id > b.id) >= ?)""")
                .params(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC), keep)
                .query(Long.class).list();
    }

    boolean exists(long id) {
        return jdbc.sql("select count(*) from builds where id = ?").param(id).query(Integer.class).single() > 0;
    }

    boolean workspaceExists(long workspaceId) {
        return jdbc.sql("select count(*) from workspaces where id = ?").param(workspaceId).query(Integer.class).single() > 0;
    }

    void delete(long id) {
        jdbc.sql("delete from builds where id = ?").param(id).update();
    }

    private Build build(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        BuildStatus status = BuildStatus.valueOf(rs.getString("status"));
        Instant started = instant(rs, "started_at");
        Instant ended = instant(rs, "ended_at");
        Long duration = started == null ? null
                : (ended == null ? Instant.now() : ended).toEpochMilli() - started.toEpochMilli();
        Integer total = (Integer) rs.getObject("tests_total");
        TestSummary tests = total == null ? null : new TestSummary(total, rs.getInt("tests_passed"),
                rs.getInt("tests_failed"), rs.getInt("tests_skipped"), rs.getLong("tests_duration_ms"));
        return new Build(id, rs.getLong("workspace_id"), rs.getInt("number"), status, rs.getString("started_by"),
                rs.getString("snapshot"), instant(rs, "queued_at"), started, ended, duration, rs.getInt("timeout_seconds"),
                status == BuildStatus.QUEUED ? queuePosition(id) : null, rs.getString("message"), phases(id), tests,
                (Long) rs.getObject("artifacts_size"), fromJson(rs.getString("exported_variables")));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static String cut(String message) {
        return message == null || message.length() <= 2000 ? message : message.substring(0, 1999) + "…";
    }

    private String toJson(Map<String, String> map) {
        try {
            return map == null || map.isEmpty() ? null : json.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> fromJson(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
