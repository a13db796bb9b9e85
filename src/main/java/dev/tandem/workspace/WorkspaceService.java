package dev.tandem.workspace;

import dev.tandem.config.TandemException;
import dev.tandem.config.TandemProperties;
import dev.tandem.security.User;
import dev.tandem.security.UserService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Workspaces and their members: the one entry to the workspace room for every other room.
 *
 * <p>Every method takes the acting user's name and checks membership and role itself. An unknown
 * workspace and one the user is not a member of both answer 404, so existence is never revealed;
 * a role too low answers 403. Metadata lives in the database, files under
 * {@link TandemProperties#workspacesDir()}{@code /<id>/}.
 */
@Service
public class WorkspaceService {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceService.class);
    static final int MAX_NAME_LENGTH = 100;

    private final JdbcClient jdbc;
    private final UserService users;
    private final WorkspaceTemplates templates;
    private final TandemProperties properties;
    private final ApplicationEventPublisher events;

    public WorkspaceService(JdbcClient jdbc, UserService users, WorkspaceTemplates templates, TandemProperties properties,
                            ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.users = users;
        this.templates = templates;
        this.properties = properties;
    }

    /** The workspaces the user is a member of, by name, each with the user's role. */
    public List<WorkspaceSummary> listFor(String username) {
        return jdbc.sql("""
                        select w.id, w.name, w.template, w.created_at, m.role
                        from workspaces w
                        join workspace_members m on m.workspace_id = w.id
                        join users u on u.id = m.user_id
                        where u.username = ?
                        order by lower(w.name), w.id""")
                .param(username)
                .query((rs, row) -> new WorkspaceSummary(workspace(rs), Role.parse(rs.getString("role"))))
                .list();
    }

    /**
     * Creates a workspace owned by {@code username}, empty or with the files of a template.
     *
     * @throws TandemException 400 for a blank or too long name or an unknown template
     */
    @Transactional
    public Workspace create(String username, String name, String templateOrNull) {
        String cleanName = checkName(name);
        String template = templateOrNull == null || templateOrNull.isBlank() ? null : templateOrNull.trim();
        if (template != null && !templates.exists(template)) {
            throw TandemException.badRequest("There is no template named '" + template + "'");
        }
        User creator = users.require(username);
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("insert into workspaces (name, template, created_by) values (?, ?, ?)")
                .params(cleanName, template, creator.id())
                .update(keys, "id");
        long id = keys.getKey().longValue();
        jdbc.sql("insert into workspace_members (workspace_id, user_id, role) values (?, ?, ?)")
                .params(id, creator.id(), Role.OWNER.id())
                .update();
        Path dir = directory(id);
        try {
            // An id is never reused by the database, so anything here is left over from a failed delete.
            FileTrees.deleteRecursively(dir);
            Files.createDirectories(dir);
            if (template != null) {
                templates.copyTo(template, dir);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(dir);
            throw e instanceof IOException io ? new UncheckedIOException("Cannot create the workspace folder", io)
                    : (RuntimeException) e;
        }
        return find(id);
    }

    /** The workspace, if the user is a member. */
    public Workspace get(String username, long id) {
        roleOf(username, id);
        return find(id);
    }

    /** The user's role in the workspace; 404 when the workspace is unknown or the user is not a member. */
    public Role roleOf(String username, long id) {
        return jdbc.sql("""
                        select m.role from workspace_members m
                        join users u on u.id = m.user_id
                        where m.workspace_id = ? and u.username = ?""")
                .params(id, username)
                .query(String.class)
                .optional()
                .map(Role::parse)
                .orElseThrow(() -> notFound(id));
    }

    /** Renames the workspace; owners only. */
    public void rename(String username, long id, String newName) {
        String cleanName = checkName(newName);
        requireManager(username, id);
        jdbc.sql("update workspaces set name = ? where id = ?").params(cleanName, id).update();
    }

    /** Deletes the workspace, its memberships and its files on disk; owners only. */
    public void delete(String username, long id) {
        requireManager(username, id);
        // One statement (memberships cascade), committed before any file goes: should removing
        // the files fail, the workspace is gone all the same and no later workspace reuses its id.
        jdbc.sql("delete from workspaces where id = ?").param(id).update();
        deleteQuietly(directory(id));
        events.publishEvent(new WorkspaceEvent.WorkspaceDeleted(id));
    }

    /** The members by name; any member may see them. */
    public List<Member> members(String username, long id) {
        roleOf(username, id);
        return jdbc.sql("""
                        select u.username, m.role from workspace_members m
                        join users u on u.id = m.user_id
                        where m.workspace_id = ?
                        order by u.username""")
                .param(id)
                .query((rs, row) -> new Member(rs.getString("username"), Role.parse(rs.getString("role"))))
                .list();
    }

    /**
     * Adds {@code username} with {@code role}, or changes the role of a member; owners only.
     *
     * @throws TandemException 404 for an unknown user; 409 when this would leave no owner
     */
    @Transactional
    public void setMember(String actor, long id, String username, Role role) {
        if (role == null) {
            throw TandemException.badRequest("A role is one of owner, editor, viewer");
        }
        if (username == null || username.isBlank()) {
            throw TandemException.badRequest("A member is given by username");
        }
        requireManager(actor, id);
        User user = users.require(username);
        lockWorkspace(id);
        Role current = jdbc.sql("select role from workspace_members where workspace_id = ? and user_id = ?")
                .params(id, user.id())
                .query(String.class)
                .optional()
                .map(Role::parse)
                .orElse(null);
        if (current == null) {
            jdbc.sql("insert into workspace_members (workspace_id, user_id, role) values (?, ?, ?)")
                    .params(id, user.id(), role.id())
                    .update();
            return;
        }
        if (current == Role.OWNER && role != Role.OWNER && ownerCount(id) == 1) {
            throw TandemException.conflict("A workspace keeps at least one owner; make someone else owner first");
        }
        jdbc.sql("update workspace_members set role = ? where workspace_id = ? and user_id = ?")
                .params(role.id(), id, user.id())
                .update();
    }

    /**
     * Removes a member; owners may remove anyone, and any member may remove themselves (leave).
     *
     * @throws TandemException 404 when {@code username} is not a member; 409 for the last owner
     */
    @Transactional
    public void removeMember(String actor, long id, String username) {
        Role actorRole = roleOf(actor, id);
        if (!actor.equals(username) && !actorRole.canManage()) {
            throw TandemException.forbidden("Only an owner can remove members");
        }
        lockWorkspace(id);
        User user = users.find(username)
                .orElseThrow(() -> TandemException.notFound("'" + username + "' is not a member of this workspace"));
        Role current = jdbc.sql("select role from workspace_members where workspace_id = ? and user_id = ?")
                .params(id, user.id())
                .query(String.class)
                .optional()
                .map(Role::parse)
                .orElseThrow(() -> TandemException.notFound("'" + username + "' is not a member of this workspace"));
        if (current == Role.OWNER && ownerCount(id) == 1) {
            throw TandemException.conflict("A workspace keeps at least one owner; make someone else owner first");
        }
        jdbc.sql("delete from workspace_members where workspace_id = ? and user_id = ?").params(id, user.id()).update();
    }

    /** Names of the templates a workspace can be created from, sorted. */
    public List<String> templates() {
        return templates.names();
    }

    /** The templates with their titles and descriptions, sorted by name. */
    public List<Template> templateDetails() {
        return templates.describe();
    }

    /** The folder holding the workspace's files; callers outside this package go through {@link WorkspaceFiles}. */
    Path directory(long id) {
        return properties.workspacesDir().resolve(Long.toString(id));
    }

    /** The user's role, which must allow writing: 404 for non-members, 403 for viewers. */
    Role requireWriter(String username, long id) {
        Role role = roleOf(username, id);
        if (!role.canWrite()) {
            throw TandemException.forbidden("Viewers cannot change files in this workspace");
        }
        return role;
    }

    private void requireManager(String username, long id) {
        if (!roleOf(username, id).canManage()) {
            throw TandemException.forbidden("Only an owner can do this");
        }
    }

    /** Serialises membership changes of one workspace, so two demotions cannot both pass the last-owner check. */
    private void lockWorkspace(long id) {
        jdbc.sql("select id from workspaces where id = ? for update").param(id).query(Long.class).optional()
                .orElseThrow(() -> notFound(id));
    }

    private long ownerCount(long id) {
        return jdbc.sql("select count(*) from workspace_members where workspace_id = ? and role = 'owner'")
                .param(id)
                .query(Long.class)
                .single();
    }

    private Workspace find(long id) {
        return jdbc.sql("select id, name, template, created_at from workspaces where id = ?")
                .param(id)
                .query((rs, row) -> workspace(rs))
                .optional()
                .orElseThrow(() -> notFound(id));
    }

    private static Workspace workspace(ResultSet rs) throws SQLException {
        return new Workspace(rs.getLong("id"), rs.getString("name"), rs.getString("template"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private static String checkName(String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > MAX_NAME_LENGTH || clean.chars().anyMatch(Character::isISOControl)) {
            throw TandemException.badRequest("A workspace name is 1 to " + MAX_NAME_LENGTH + " characters, without control characters");
        }
        return clean;
    }

    private static TandemException notFound(long id) {
        return TandemException.notFound("No workspace " + id);
    }

    private static void deleteQuietly(Path dir) {
        try {
            FileTrees.deleteRecursively(dir);
        } catch (IOException e) {
            log.warn("Could not remove the workspace folder {}: {}", dir, e.toString());
        }
    }
}
