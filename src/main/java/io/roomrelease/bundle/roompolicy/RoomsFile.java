package io.roomrelease.bundle.roompolicy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.text.similarity.LevenshteinDistance;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import io.roomrelease.bundle.policy.RoomPolicy.Rule;
import io.roomrelease.bundle.settings.InvalidSettingsException;

/**
 * Reads and validates the rooms file ({@code roomrelease.policy.rooms-file}, e.g. {@code config/rooms.yaml}), the
 * per-room-list and per-room overrides of the policy that the integration team owns:
 *
 * <pre>
 * room-lists:
 *   floor2@corp.example:
 *     grace-minutes: 5
 * rooms:
 *   boardroom@corp.example:
 *     has-display: false
 *     exempt-organizers: [ceo@corp.example]
 * </pre>
 *
 * Every problem is collected with the file, line and column it is at (SnakeYAML's marks), and start-up stops with all
 * of them: unknown keys (with a did-you-mean), values out of the ranges of the matching settings, room lists not in
 * {@code roomrelease.room-lists}, rooms not in {@code roomrelease.rooms} when no room list is swept (with room lists,
 * a room's membership is only known once the lists are read: {@link RoomPolicies} checks it then), duplicates.
 * An absent file means defaults only.
 */
public final class RoomsFile {

    /** The overrides of one room list or room: the rules it sets, with the line each is set on. */
    public record Override(String address, String where, Map<Rule, Object> values) {
    }

    /** What the file holds: overrides per room list (in file order) and per room. */
    public record Content(String file, Map<String, Override> roomLists, Map<String, Override> rooms) {

        /** No overrides at all (no file). */
        public static Content empty(String file) {
            return new Content(file, Map.of(), Map.of());
        }
    }

    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final List<String> TOP = List.of("room-lists", "rooms");
    private static final Map<Rule, int[]> RANGES = Map.of(
            Rule.GRACE, new int[] {0, 240},
            Rule.CHECK_IN_OPENS, new int[] {0, 240},
            Rule.CHECK_IN_CLOSES, new int[] {0, 240},
            Rule.LATE_BOOKING, new int[] {0, 24 * 60},
            Rule.MAX_DURATION, new int[] {1, 24 * 7});

    private final String file;
    private final Set<String> knownLists;
    private final Set<String> knownRooms;
    private final boolean roomListsSwept;
    private final List<String> problems = new ArrayList<>();

    private RoomsFile(String file, Collection<String> knownLists, Collection<String> knownRooms) {
        this.file = file;
        this.knownLists = lower(knownLists);
        this.knownRooms = lower(knownRooms);
        this.roomListsSwept = !this.knownLists.isEmpty();
    }

    /**
     * Reads the file; an absent file means no overrides.
     *
     * @param path       the file
     * @param roomLists  the swept room lists ({@code roomrelease.room-lists})
     * @param rooms      the swept rooms ({@code roomrelease.rooms})
     * @throws InvalidSettingsException naming every problem with its file and line
     */
    public static Content read(Path path, Collection<String> roomLists, Collection<String> rooms) {
        String name = path.toString();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return parse(name, reader, roomLists, rooms);
        } catch (NoSuchFileException e) {
            return Content.empty(name);
        } catch (IOException e) {
            throw new InvalidSettingsException(intro(name), List.of(name + ": cannot be read: " + e.getMessage()));
        }
    }

    /** Parses the file's text (the name is used in messages). */
    public static Content parse(String name, Reader text, Collection<String> roomLists, Collection<String> rooms) {
        RoomsFile f = new RoomsFile(name, roomLists, rooms);
        Content c = f.parse(text);
        if (!f.problems.isEmpty()) {
            throw new InvalidSettingsException(intro(name), f.problems);
        }
        return c;
    }

    private static String intro(String name) {
        return "Room Release cannot start, fix the rooms file " + name + " (roomrelease.policy.rooms-file)";
    }

    private Content parse(Reader text) {
        Optional<Node> root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file).build()).composeReader(text);
        } catch (MarkedYamlEngineException e) {
            problems.add(at(e.getProblemMark().orElse(null)) + "not valid YAML: " + e.getProblem());
            return Content.empty(file);
        } catch (YamlEngineException e) {
            problems.add(file + ": not valid YAML: " + e.getMessage());
            return Content.empty(file);
        }
        if (root.isEmpty() || isNull(root.get())) {
            return Content.empty(file); // an empty file: defaults only
        }
        Map<String, Override> lists = new LinkedHashMap<>();
        Map<String, Override> rooms = new LinkedHashMap<>();
        for (NodeTuple t : mapping(root.get(), "the file").orElse(List.of())) {
            String key = scalar(t.getKeyNode()).orElse("");
            switch (key) {
                case "room-lists" -> entries(t.getValueNode(), "room-lists", lists, true);
                case "rooms" -> entries(t.getValueNode(), "rooms", rooms, false);
                default -> problems.add(at(t.getKeyNode()) + "unknown key '" + key + "'" + didYouMean(key, TOP)
                        + "; the file has room-lists and rooms");
            }
        }
        return new Content(file, lists, rooms);
    }

    private void entries(Node node, String section, Map<String, Override> into, boolean roomList) {
        if (isNull(node)) {
            return;
        }
        for (NodeTuple t : mapping(node, section).orElse(List.of())) {
            Optional<String> key = scalar(t.getKeyNode());
            if (key.isEmpty() || !ADDRESS.matcher(key.get().trim()).matches()) {
                problems.add(at(t.getKeyNode()) + section + ": each entry is named by an SMTP address, was "
                        + key.map(k -> "'" + k + "'").orElse("not a single value"));
                continue;
            }
            String address = key.get().trim().toLowerCase(Locale.ROOT);
            if (into.containsKey(address)) {
                problems.add(at(t.getKeyNode()) + section + ": " + address + " appears twice (first at "
                        + into.get(address).where() + ")");
                continue;
            }
            if (roomList && !knownLists.contains(address)) {
                problems.add(at(t.getKeyNode()) + "room list " + address + " is not swept: add it to "
                        + "roomrelease.room-lists or remove it here" + didYouMean(address, knownLists));
            } else if (!roomList && !roomListsSwept && !knownRooms.contains(address)) {
                problems.add(at(t.getKeyNode()) + "room " + address + " is not swept: add it to roomrelease.rooms "
                        + "(or its room list to roomrelease.room-lists) or remove it here"
                        + didYouMean(address, knownRooms));
            }
            into.put(address, new Override(address, at(t.getKeyNode()).replaceAll(": $", ""),
                    rules(t.getValueNode(), section + "." + address)));
        }
    }

    private Map<Rule, Object> rules(Node node, String path) {
        Map<Rule, Object> values = new EnumMap<>(Rule.class);
        if (isNull(node)) {
            return values;
        }
        List<String> keys = java.util.Arrays.stream(Rule.values()).map(Rule::key).toList();
        for (NodeTuple t : mapping(node, path).orElse(List.of())) {
            String key = scalar(t.getKeyNode()).orElse("");
            Optional<Rule> rule = java.util.Arrays.stream(Rule.values()).filter(r -> r.key().equals(key)).findFirst();
            if (rule.isEmpty()) {
                problems.add(at(t.getKeyNode()) + path + ": unknown key '" + key + "'" + didYouMean(key, keys)
                        + "; known keys: " + String.join(", ", keys));
                continue;
            }
            Object value = value(rule.get(), t.getValueNode(), path + "." + key);
            if (value != null) {
                values.put(rule.get(), value);
            }
        }
        return values;
    }

    private Object value(Rule rule, Node node, String path) {
        switch (rule) {
            case HAS_DISPLAY -> {
                String v = scalar(node).orElse(null);
                if ("true".equals(v) || "false".equals(v)) {
                    return Boolean.valueOf(v);
                }
                problems.add(at(node) + path + " must be true or false, was " + shown(node));
                return null;
            }
            case EXEMPT_ORGANIZERS -> {
                List<Node> items = node instanceof SequenceNode seq ? seq.getValue() : List.of(node);
                Set<String> out = new LinkedHashSet<>();
                for (Node item : items) {
                    Optional<String> v = scalar(item);
                    for (String a : v.map(s -> s.split(",")).orElse(new String[] {"?"})) {
                        String address = a.trim();
                        if (address.isEmpty() && v.isPresent()) {
                            continue;
                        }
                        if (v.isEmpty() || !ADDRESS.matcher(address).matches()) {
                            problems.add(at(item) + path + ": each entry must be an SMTP address, was "
                                    + (v.isEmpty() ? "not a single value" : "'" + address + "'"));
                        } else {
                            out.add(address.toLowerCase(Locale.ROOT));
                        }
                    }
                }
                return Set.copyOf(out);
            }
            default -> {
                int[] range = RANGES.get(rule);
                Optional<String> v = scalar(node);
                try {
                    int n = Integer.parseInt(v.orElse("").trim());
                    if (n >= range[0] && n <= range[1]) {
                        return rule == Rule.MAX_DURATION ? Duration.ofHours(n) : Duration.ofMinutes(n);
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                problems.add(at(node) + path + " must be a whole number between " + range[0] + " and " + range[1]
                        + ", was " + shown(node));
                return null;
            }
        }
    }

    private Optional<List<NodeTuple>> mapping(Node node, String what) {
        if (node instanceof MappingNode m) {
            return Optional.of(m.getValue());
        }
        problems.add(at(node) + what + " must be a mapping of keys to values, was " + shown(node));
        return Optional.empty();
    }

    private static Optional<String> scalar(Node node) {
        return node instanceof ScalarNode s ? Optional.of(s.getValue()) : Optional.empty();
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && node.getTag().getValue().endsWith(":null");
    }

    private static String shown(Node node) {
        return scalar(node).map(v -> "'" + v + "'").orElse("a " + (node instanceof SequenceNode ? "list" : "mapping"));
    }

    private String at(Node node) {
        return at(node == null ? null : node.getStartMark().orElse(null));
    }

    private String at(Mark mark) {
        return mark == null ? file + ": " : file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": ";
    }

    private static String didYouMean(String name, Collection<String> known) {
        LevenshteinDistance distance = new LevenshteinDistance(Math.max(3, name.length() / 4));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance.apply(name, candidate);
            if (d >= 0 && d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    private static Set<String> lower(Collection<String> in) {
        Set<String> out = new LinkedHashSet<>();
        if (in != null) {
            in.forEach(s -> out.add(s.trim().toLowerCase(Locale.ROOT)));
        }
        return out;
    }
}
