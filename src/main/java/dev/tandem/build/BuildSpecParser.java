package dev.tandem.build;

import dev.tandem.build.BuildSpec.Artifacts;
import dev.tandem.build.BuildSpec.Env;
import dev.tandem.build.BuildSpec.OnFailure;
import dev.tandem.build.BuildSpec.Phase;
import dev.tandem.build.BuildSpec.ReportGroup;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a buildspec strictly: YAML errors, unknown keys, duplicate keys and values of the wrong
 * type are refused with the line and column of the offending node and what was expected, before
 * anything runs. The YAML is composed into nodes (never into objects), so no tag can make the
 * parser build an arbitrary Java type.
 */
public final class BuildSpecParser {

    /** The largest buildspec read, in characters. */
    public static final int MAX_LENGTH = 256 * 1024;

    private static final Set<String> TOP = Set.of("version", "env", "phases", "artifacts", "reports", "cache");
    private static final Set<String> ENV = Set.of("shell", "variables", "parameter-store", "secrets-manager",
            "secrets", "exported-variables");
    private static final Set<String> PHASE = Set.of("commands", "finally", "on-failure", "run-as");
    private static final Set<String> ARTIFACTS = Set.of("files", "base-directory", "discard-paths", "name", "exclude-paths");
    private static final Set<String> REPORT = Set.of("files", "base-directory", "file-format", "discard-paths");
    private static final Set<String> CACHE = Set.of("paths");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern REPORT_NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    /**
     * Parses the text of a buildspec.
     *
     * @throws InvalidBuildSpecException with line and column when it is not a valid version 0.2 buildspec
     */
    public BuildSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidBuildSpecException(1, 1, "the buildspec is empty; expected a mapping with 'version: 0.2' and 'phases'");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidBuildSpecException(1, 1, "the buildspec is longer than " + MAX_LENGTH + " characters");
        }
        Node root = compose(text);
        if (root == null) {
            throw new InvalidBuildSpecException(1, 1, "the buildspec is empty; expected a mapping with 'version: 0.2' and 'phases'");
        }
        Map<String, NodeTuple> top = mapping(root, "the buildspec", TOP);
        NodeTuple version = top.get("version");
        if (version == null) {
            throw at(root, "'version' is missing; expected 'version: 0.2'");
        }
        if (!(version.getValueNode() instanceof ScalarNode v) || !"0.2".equals(v.getValue())) {
            throw at(version.getValueNode(), "unsupported version; expected 0.2");
        }
        Env env = top.containsKey("env") ? env(top.get("env").getValueNode()) : new Env("bash", Map.of(), Map.of(), Map.of(), List.of());
        Map<PhaseName, Phase> phases = top.containsKey("phases") ? phases(top.get("phases").getValueNode()) : Map.of();
        if (phases.isEmpty()) {
            throw at(top.containsKey("phases") ? top.get("phases").getValueNode() : root,
                    "no phases; expected 'phases' with at least one of install, pre_build, build, post_build");
        }
        Artifacts artifacts = top.containsKey("artifacts") ? artifacts(top.get("artifacts").getValueNode()) : null;
        Map<String, ReportGroup> reports = top.containsKey("reports") ? reports(top.get("reports").getValueNode()) : Map.of();
        List<String> cache = List.of();
        if (top.containsKey("cache")) {
            Map<String, NodeTuple> c = mapping(top.get("cache").getValueNode(), "cache", CACHE);
            cache = c.containsKey("paths") ? stringList(c.get("paths").getValueNode(), "cache paths") : List.of();
        }
        return new BuildSpec(env, phases, artifacts, reports, cache);
    }

    private static Node compose(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(MAX_LENGTH * 2);
        options.setAllowRecursiveKeys(false);
        try {
            return new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : "not valid YAML";
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            throw new InvalidBuildSpecException(mark == null ? 1 : mark.getLine() + 1, mark == null ? 1 : mark.getColumn() + 1,
                    "YAML error: " + problem + context);
        } catch (YAMLException e) {
            throw new InvalidBuildSpecException(1, 1, "YAML error: " + e.getMessage());
        }
    }

    private Env env(Node node) {
        Map<String, NodeTuple> env = mapping(node, "env", ENV);
        String shell = "bash";
        if (env.containsKey("shell")) {
            Node value = env.get("shell").getValueNode();
            shell = scalar(value, "env shell");
            if (!shell.equals("bash") && !shell.equals("sh")) {
                throw at(value, "unsupported shell '" + shell + "'; expected bash or sh");
            }
        }
        Map<String, String> variables = env.containsKey("variables") ? variables(env.get("variables").getValueNode(), "env variables") : Map.of();
        Map<String, String> store = reserved(env, "parameter-store");
        Map<String, String> secrets = new LinkedHashMap<>(reserved(env, "secrets-manager"));
        secrets.putAll(reserved(env, "secrets"));
        List<String> exported = List.of();
        if (env.containsKey("exported-variables")) {
            Node list = env.get("exported-variables").getValueNode();
            exported = stringList(list, "exported-variables");
            for (int i = 0; i < exported.size(); i++) {
                if (!VARIABLE.matcher(exported.get(i)).matches()) {
                    throw at(((SequenceNode) list).getValue().get(i), "'" + exported.get(i) + "' is not a variable name");
                }
            }
        }
        return new Env(shell, variables, store, secrets, exported);
    }

    /**
     * Parameter-store and secrets references are part of the format, but this server has no store
     * to resolve them from yet: a buildspec naming any is refused rather than run with them unset.
     */
    private Map<String, String> reserved(Map<String, NodeTuple> env, String key) {
        if (!env.containsKey(key)) {
            return Map.of();
        }
        Map<String, String> entries = variables(env.get(key).getValueNode(), "env " + key);
        if (!entries.isEmpty()) {
            throw at(env.get(key).getKeyNode(), "env " + key + " is reserved for the parameter store, which this server does not offer yet");
        }
        return entries;
    }

    private Map<String, String> variables(Node node, String what) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> e : mapping(node, what, null).entrySet()) {
            if (!VARIABLE.matcher(e.getKey()).matches()) {
                throw at(e.getValue().getKeyNode(), "'" + e.getKey() + "' is not a variable name (letters, digits, _)");
            }
            result.put(e.getKey(), scalar(e.getValue().getValueNode(), "the value of " + e.getKey()));
        }
        return result;
    }

    private Map<PhaseName, Phase> phases(Node node) {
        Map<String, NodeTuple> phases = mapping(node, "phases", names());
        Map<PhaseName, Phase> result = new EnumMap<>(PhaseName.class);
        for (PhaseName name : PhaseName.values()) {
            NodeTuple tuple = phases.get(name.yamlName());
            if (tuple != null) {
                result.put(name, phase(tuple.getValueNode(), name.yamlName()));
            }
        }
        return result;
    }

    private Phase phase(Node node, String name) {
        Map<String, NodeTuple> phase = mapping(node, "phase " + name, PHASE);
        if (phase.containsKey("run-as")) {
            throw at(phase.get("run-as").getKeyNode(), "run-as is not supported: builds always run as an unprivileged user");
        }
        List<String> commands = phase.containsKey("commands") ? commands(phase.get("commands").getValueNode(), name + " commands") : List.of();
        List<String> finallyCommands = phase.containsKey("finally") ? commands(phase.get("finally").getValueNode(), name + " finally") : List.of();
        if (commands.isEmpty()) {
            throw at(node, "phase " + name + " has no commands; expected 'commands' with at least one command");
        }
        OnFailure onFailure = OnFailure.ABORT;
        if (phase.containsKey("on-failure")) {
            Node value = phase.get("on-failure").getValueNode();
            String text = scalar(value, "on-failure");
            try {
                onFailure = OnFailure.valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw at(value, "unknown on-failure '" + text + "'; expected ABORT or CONTINUE");
            }
        }
        return new Phase(commands, finallyCommands, onFailure);
    }

    private List<String> commands(Node node, String what) {
        List<String> commands = stringList(node, what);
        if (commands.stream().anyMatch(String::isBlank)) {
            throw at(node, what + " contains an empty command");
        }
        return commands;
    }

    private Artifacts artifacts(Node node) {
        Map<String, NodeTuple> a = mapping(node, "artifacts", ARTIFACTS);
        if (!a.containsKey("files")) {
            throw at(node, "artifacts need 'files', a list of globs");
        }
        List<String> files = globs(a.get("files").getValueNode(), "artifact files");
        String base = a.containsKey("base-directory") ? relativeDirectory(a.get("base-directory").getValueNode()) : "";
        boolean discard = a.containsKey("discard-paths") && bool(a.get("discard-paths").getValueNode(), "discard-paths");
        String name = null;
        if (a.containsKey("name")) {
            Node value = a.get("name").getValueNode();
            name = scalar(value, "artifacts name");
            if (!name.matches("[A-Za-z0-9._-]{1,100}")) {
                throw at(value, "an artifact name is 1 to 100 letters, digits, '.', '_' or '-'");
            }
        }
        List<String> exclude = a.containsKey("exclude-paths") ? globs(a.get("exclude-paths").getValueNode(), "exclude-paths") : List.of();
        return new Artifacts(files, base, discard, name, exclude);
    }

    private Map<String, ReportGroup> reports(Node node) {
        Map<String, ReportGroup> result = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> e : mapping(node, "reports", null).entrySet()) {
            if (!REPORT_NAME.matcher(e.getKey()).matches()) {
                throw at(e.getValue().getKeyNode(), "a report group name is 1 to 128 letters, digits, '_' or '-'");
            }
            Node groupNode = e.getValue().getValueNode();
            Map<String, NodeTuple> group = mapping(groupNode, "report group " + e.getKey(), REPORT);
            if (!group.containsKey("files")) {
                throw at(groupNode, "report group " + e.getKey() + " needs 'files', a list of globs");
            }
            String format = "JUNITXML";
            if (group.containsKey("file-format")) {
                Node value = group.get("file-format").getValueNode();
                format = scalar(value, "file-format").toUpperCase(Locale.ROOT);
                if (!format.equals("JUNITXML")) {
                    throw at(value, "unsupported report format '" + format + "'; expected JUNITXML");
                }
            }
            if (group.containsKey("discard-paths")) {
                bool(group.get("discard-paths").getValueNode(), "discard-paths");
            }
            String base = group.containsKey("base-directory") ? relativeDirectory(group.get("base-directory").getValueNode()) : "";
            result.put(e.getKey(), new ReportGroup(globs(group.get("files").getValueNode(), "report files"), base, format));
        }
        return result;
    }

    private String relativeDirectory(Node node) {
        String dir = scalar(node, "base-directory").strip();
        while (dir.endsWith("/")) {
            dir = dir.substring(0, dir.length() - 1);
        }
        while (dir.startsWith("./")) {
            dir = dir.substring(2);
        }
        if (dir.equals(".")) {
            dir = "";
        }
        if (dir.startsWith("/") || dir.contains("\\") || List.of(dir.split("/")).contains("..")) {
            throw at(node, "base-directory must be a folder inside the source, without '..'");
        }
        return dir;
    }

    private List<String> globs(Node node, String what) {
        List<String> globs = stringList(node, what);
        for (int i = 0; i < globs.size(); i++) {
            String glob = globs.get(i);
            if (glob.isBlank() || glob.startsWith("/") || List.of(glob.split("/")).contains("..")) {
                throw at(node instanceof SequenceNode s ? s.getValue().get(i) : node,
                        "'" + glob + "' must be a relative glob inside the source, without '..'");
            }
        }
        return globs;
    }

    private static Set<String> names() {
        Set<String> names = new java.util.HashSet<>();
        for (PhaseName p : PhaseName.values()) {
            names.add(p.yamlName());
        }
        return names;
    }

    /** The keys of a mapping in order; {@code allowed} null accepts any key. */
    private static Map<String, NodeTuple> mapping(Node node, String what, Set<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            throw at(node, "expected " + what + " to be a mapping of keys to values, found " + describe(node));
        }
        Map<String, NodeTuple> result = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw at(tuple.getKeyNode(), "expected a plain key in " + what);
            }
            if (allowed != null && !allowed.contains(key.getValue())) {
                throw at(key, "unknown key '" + key.getValue() + "' in " + what + "; expected one of "
                        + allowed.stream().sorted().toList());
            }
            if (result.put(key.getValue(), tuple) != null) {
                throw at(key, "duplicate key '" + key.getValue() + "' in " + what);
            }
        }
        return result;
    }

    /** A list of strings; a single string is taken as a list of one, as CodeBuild does for globs. */
    private static List<String> stringList(Node node, String what) {
        if (node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
            return List.of(s.getValue());
        }
        if (!(node instanceof SequenceNode sequence)) {
            throw at(node, "expected " + what + " to be a list of strings, found " + describe(node));
        }
        List<String> result = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            result.add(scalar(item, "each of " + what));
        }
        return List.copyOf(result);
    }

    private static String scalar(Node node, String what) {
        if (!(node instanceof ScalarNode s) || s.getTag().equals(Tag.NULL)) {
            throw at(node, "expected " + what + " to be a string, found " + describe(node));
        }
        return s.getValue();
    }

    private static boolean bool(Node node, String what) {
        String text = scalar(node, what).toLowerCase(Locale.ROOT);
        return switch (text) {
            case "yes", "true", "on" -> true;
            case "no", "false", "off" -> false;
            default -> throw at(node, "expected " + what + " to be yes or no, found '" + text + "'");
        };
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
            return "nothing";
        }
        return "'" + ((ScalarNode) node).getValue() + "'";
    }

    private static InvalidBuildSpecException at(Node node, String problem) {
        Mark mark = node.getStartMark();
        return new InvalidBuildSpecException(mark.getLine() + 1, mark.getColumn() + 1, problem);
    }
}
