package io.roomrelease.ews.simulator.graph;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks Graph JSON against Microsoft's OData CSDL ({@code graph-v1.0-csdl.xml} in {@code ../shared/graph-schema}):
 * every property name exists on the declared type or one of its {@code BaseType}s (OData annotations such as
 * {@code @odata.etag} aside), every value has the declared JSON shape (string, boolean, number, object of the complex
 * or entity type, array for {@code Collection(...)}), and enum members are spelled as declared. Action parameters are
 * matched case-insensitively, as Graph does; property names are case-sensitive. The parsed model is cached per file
 * for the JVM. Thread-safe.
 *
 * <p>Use {@link #fromSystemProperties()} in tests: it reads {@code graph.schema.dir} (default
 * {@code ../shared/graph-schema}) and {@code graph.schema.required}.
 */
public final class GraphSchema {
    /** System property naming the directory that holds graph-v1.0-csdl.xml. */
    public static final String DIR_PROPERTY = "graph.schema.dir";
    /** System property that turns a missing CSDL into an error (CI sets it). */
    public static final String REQUIRED_PROPERTY = "graph.schema.required";
    /** Where the metadata lives relative to the project root. */
    public static final String DEFAULT_DIR = "../shared/graph-schema";
    /** The metadata file name. */
    public static final String FILE = "graph-v1.0-csdl.xml";

    private static final String EDM = "http://docs.oasis-open.org/odata/ns/edm";
    private static final Logger LOG = LoggerFactory.getLogger(GraphSchema.class);
    private static final ConcurrentMap<Path, Model> CACHE = new ConcurrentHashMap<>();

    private final Model model;
    private final String disabledReason;

    private GraphSchema(Model model, String disabledReason) {
        this.model = model;
        this.disabledReason = disabledReason;
    }

    /** Loads (or takes from the JVM-wide cache) the CSDL in {@code dir}; fails with a clear message when it is missing or broken. */
    public static GraphSchema load(Path dir) {
        Path file = dir.toAbsolutePath().normalize().resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Graph metadata not found: " + file + " does not exist. Point -D"
                    + DIR_PROPERTY + " at the directory holding " + FILE + ".");
        }
        return new GraphSchema(CACHE.computeIfAbsent(file, GraphSchema::parse), null);
    }

    /** A schema that checks nothing, with the reason it is off. */
    public static GraphSchema disabled(String reason) {
        return new GraphSchema(null, reason);
    }

    /**
     * The policy for tests: the CSDL in {@code -Dgraph.schema.dir} (default {@value #DEFAULT_DIR}); when it is missing,
     * a disabled schema and a logged reason, unless {@code -Dgraph.schema.required=true}, which makes it an error.
     */
    public static GraphSchema fromSystemProperties() {
        Path dir = Path.of(System.getProperty(DIR_PROPERTY, DEFAULT_DIR));
        if (Files.isRegularFile(dir.resolve(FILE))) {
            return load(dir);
        }
        String reason = "Graph schema checks are skipped: " + dir.toAbsolutePath().normalize() + " holds no " + FILE
                + " (set -D" + DIR_PROPERTY + " to the graph-schema directory)";
        if (Boolean.getBoolean(REQUIRED_PROPERTY)) {
            throw new IllegalStateException(reason.replace("are skipped", "cannot run") + "; -D"
                    + REQUIRED_PROPERTY + "=true forbids skipping them.");
        }
        LOG.warn(reason);
        return disabled(reason);
    }

    /** Whether checks run. */
    public boolean isEnabled() {
        return model != null;
    }

    /** Why checks are off (empty when they are on). */
    public Optional<String> disabledReason() {
        return Optional.ofNullable(disabledReason);
    }

    /**
     * Checks a JSON value against a type such as {@code graph.event} or {@code Collection(graph.room)}.
     *
     * @return the problems found (empty when valid or disabled)
     */
    public List<String> check(JsonNode value, String type) {
        List<String> problems = new ArrayList<>();
        if (model != null) {
            model.checkValue(value, model.qualify(type), "$", problems, false);
        }
        return problems;
    }

    /**
     * Checks a request body against a type: like {@link #check}, except that enum members are matched
     * case-insensitively, as Graph reads them (its own samples send {@code "contentType": "Text"}).
     */
    public List<String> checkRequest(JsonNode value, String type) {
        List<String> problems = new ArrayList<>();
        if (model != null) {
            model.checkValue(value, model.qualify(type), "$", problems, true);
        }
        return problems;
    }

    /**
     * Checks an OData collection response {@code {"value":[...]}} whose items are of {@code itemType}; the
     * collection's own annotations ({@code @odata.context}, {@code @odata.nextLink}, ...) are allowed.
     */
    public List<String> checkCollection(JsonNode body, String itemType) {
        List<String> problems = new ArrayList<>();
        if (model == null) {
            return problems;
        }
        if (body == null || !body.isObject()) {
            problems.add("$: expected a JSON object with a value array");
            return problems;
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!isAnnotation(f) && !"value".equals(f)) {
                problems.add("$." + f + ": not allowed in a collection response (only value and OData annotations)");
            }
        });
        JsonNode value = body.get("value");
        if (value == null || !value.isArray()) {
            problems.add("$.value: expected an array");
        } else {
            String qualified = model.qualify(itemType);
            for (int index = 0; index < value.size(); index++) {
                final int i = index;
                JsonNode item = value.get(i);
                if (item.has("@removed")) {
                    // a delta tombstone: {"id":..,"@removed":{..}}
                    item.fieldNames().forEachRemaining(f -> {
                        if (!isAnnotation(f) && !"id".equals(f)) {
                            problems.add("$.value[" + i + "]." + f + ": a removed entry carries only id and @removed");
                        }
                    });
                    continue;
                }
                model.checkValue(item, qualified, "$.value[" + i + "]", problems, false);
            }
        }
        return problems;
    }

    /**
     * Checks the body of a bound action call ({@code decline}, {@code getSchedule}, ...) against the parameters of the
     * action bound to {@code bindingType}; parameter names are matched case-insensitively.
     */
    public List<String> checkActionParameters(JsonNode body, String bindingType, String action) {
        List<String> problems = new ArrayList<>();
        if (model == null) {
            return problems;
        }
        Map<String, String> params = model.actionParameters(model.qualify(bindingType), action);
        if (params == null) {
            problems.add("no action '" + action + "' bound to " + bindingType + " in the metadata");
            return problems;
        }
        if (body == null || body.isNull() || body.isMissingNode()) {
            return problems;
        }
        if (!body.isObject()) {
            problems.add("$: the parameters of " + action + " must be a JSON object");
            return problems;
        }
        body.fields().forEachRemaining(e -> {
            if (isAnnotation(e.getKey())) {
                return;
            }
            String type = params.get(e.getKey().toLowerCase(Locale.ROOT));
            if (type == null) {
                problems.add("$." + e.getKey() + ": " + action + " has no parameter of that name (it has "
                        + String.join(", ", params.keySet()) + ")");
            } else {
                model.checkValue(e.getValue(), type, "$." + e.getKey(), problems, true);
            }
        });
        return problems;
    }

    /** The declared properties of a structured type, its base types included (for $select). */
    public Optional<Set<String>> properties(String type) {
        if (model == null) {
            return Optional.empty();
        }
        StructuredType t = model.structured.get(model.qualify(type));
        return t == null ? Optional.empty() : Optional.of(model.allProperties(t).keySet());
    }

    static boolean isAnnotation(String name) {
        return name.indexOf('@') >= 0;
    }

    // ------------------------------------------------------------------ the model

    private record StructuredType(String name, String baseType, Map<String, String> properties) {
    }

    private record EnumType(String name, Set<String> members, boolean flags) {
    }

    private static final class Model {
        final Map<String, String> aliases = new HashMap<>();
        final Map<String, StructuredType> structured = new HashMap<>();
        final Map<String, EnumType> enums = new HashMap<>();
        /** action name + binding type → parameter name (lower case) → type. */
        final Map<String, Map<String, String>> actions = new HashMap<>();
        final Map<String, Map<String, String>> allPropertiesCache = new ConcurrentHashMap<>();

        String qualify(String type) {
            if (type.startsWith("Collection(") && type.endsWith(")")) {
                return "Collection(" + qualify(type.substring(11, type.length() - 1)) + ")";
            }
            int dot = type.indexOf('.');
            if (dot > 0) {
                String ns = aliases.get(type.substring(0, dot));
                if (ns != null) {
                    return ns + type.substring(dot);
                }
            }
            return type;
        }

        Map<String, String> actionParameters(String bindingType, String action) {
            return actions.get(action + "|" + bindingType);
        }

        Map<String, String> allProperties(StructuredType t) {
            return allPropertiesCache.computeIfAbsent(t.name(), k -> {
                Map<String, String> all = new LinkedHashMap<>();
                StructuredType cur = t;
                int guard = 0;
                while (cur != null && guard++ < 32) {
                    cur.properties().forEach(all::putIfAbsent);
                    cur = cur.baseType() == null ? null : structured.get(cur.baseType());
                }
                return all;
            });
        }

        boolean derivesFrom(String type, String base) {
            StructuredType cur = structured.get(type);
            int guard = 0;
            while (cur != null && guard++ < 32) {
                if (cur.name().equals(base)) {
                    return true;
                }
                cur = cur.baseType() == null ? null : structured.get(cur.baseType());
            }
            return false;
        }

        void checkValue(JsonNode v, String type, String path, List<String> problems, boolean request) {
            if (v == null || v.isNull()) {
                return; // nullability is not what the simulator's JSON can get wrong
            }
            if (type.startsWith("Collection(")) {
                if (!v.isArray()) {
                    problems.add(path + ": expected an array (" + type + "), got " + v.getNodeType());
                    return;
                }
                String item = type.substring(11, type.length() - 1);
                for (int i = 0; i < v.size(); i++) {
                    checkValue(v.get(i), item, path + "[" + i + "]", problems, request);
                }
                return;
            }
            if (type.startsWith("Edm.")) {
                checkPrimitive(v, type, path, problems);
                return;
            }
            EnumType e = enums.get(type);
            if (e != null) {
                if (!v.isTextual()) {
                    problems.add(path + ": expected a member of " + type + " as a string, got " + v.getNodeType());
                    return;
                }
                for (String member : e.flags() ? v.asText().split(",") : new String[] { v.asText() }) {
                    String m = member.trim();
                    if (!e.members().contains(m) && !(request && e.members().stream().anyMatch(x -> x.equalsIgnoreCase(m)))) {
                        problems.add(path + ": '" + member.trim() + "' is not a member of " + type + " " + e.members());
                    }
                }
                return;
            }
            StructuredType t = structured.get(type);
            if (t == null) {
                problems.add(path + ": type " + type + " is not in the metadata");
                return;
            }
            if (!v.isObject()) {
                problems.add(path + ": expected an object of " + type + ", got " + v.getNodeType());
                return;
            }
            StructuredType actual = t;
            JsonNode odataType = v.get("@odata.type");
            if (odataType != null && odataType.isTextual()) {
                String derived = qualify(odataType.asText().replaceFirst("^#", ""));
                if (!derivesFrom(derived, type)) {
                    problems.add(path + ": @odata.type " + odataType.asText() + " does not derive from " + type);
                    return;
                }
                actual = structured.get(derived);
            }
            Map<String, String> props = allProperties(actual);
            StructuredType declared = actual;
            v.fields().forEachRemaining(f -> {
                if (isAnnotation(f.getKey())) {
                    return;
                }
                String propType = props.get(f.getKey());
                if (propType == null) {
                    problems.add(path + "." + f.getKey() + ": no such property on " + declared.name());
                } else {
                    checkValue(f.getValue(), propType, path + "." + f.getKey(), problems, request);
                }
            });
        }

        private static void checkPrimitive(JsonNode v, String type, String path, List<String> problems) {
            boolean ok = switch (type) {
                case "Edm.String", "Edm.DateTimeOffset", "Edm.Date", "Edm.TimeOfDay", "Edm.Duration", "Edm.Guid",
                        "Edm.Binary" -> v.isTextual();
                case "Edm.Boolean" -> v.isBoolean();
                case "Edm.Int16", "Edm.Int32", "Edm.Int64", "Edm.Byte", "Edm.SByte" -> v.isIntegralNumber();
                case "Edm.Double", "Edm.Single", "Edm.Decimal" -> v.isNumber()
                        || (v.isTextual() && List.of("INF", "-INF", "NaN").contains(v.asText()));
                default -> true; // Edm.Untyped, Edm.Stream, geography: any JSON
            };
            if (!ok) {
                problems.add(path + ": expected " + type + ", got " + v.getNodeType() + " " + abbreviate(v.toString()));
            }
        }

        private static String abbreviate(String s) {
            return s.length() > 60 ? s.substring(0, 57) + "..." : s;
        }
    }

    private static Model parse(Path file) {
        long start = System.nanoTime();
        Model m = new Model();
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader r = f.createXMLStreamReader(in);
            String namespace = null;
            String typeName = null;
            String baseType = null;
            Map<String, String> props = null;
            Set<String> members = null;
            boolean flags = false;
            String actionName = null;
            String bindingType = null;
            Map<String, String> params = null;
            boolean first = false;
            List<String[]> rawStructured = new ArrayList<>();
            List<Object[]> rawActions = new ArrayList<>();
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT && EDM.equals(r.getNamespaceURI())) {
                    switch (r.getLocalName()) {
                        case "Schema" -> {
                            namespace = r.getAttributeValue(null, "Namespace");
                            String alias = r.getAttributeValue(null, "Alias");
                            if (alias != null) {
                                m.aliases.put(alias, namespace);
                            }
                        }
                        case "EntityType", "ComplexType" -> {
                            typeName = namespace + "." + r.getAttributeValue(null, "Name");
                            baseType = r.getAttributeValue(null, "BaseType");
                            props = new LinkedHashMap<>();
                        }
                        case "Property", "NavigationProperty" -> {
                            if (props != null) {
                                props.put(r.getAttributeValue(null, "Name"), r.getAttributeValue(null, "Type"));
                            }
                        }
                        case "EnumType" -> {
                            typeName = namespace + "." + r.getAttributeValue(null, "Name");
                            members = new java.util.LinkedHashSet<>();
                            flags = "true".equals(r.getAttributeValue(null, "IsFlags"));
                        }
                        case "Member" -> {
                            if (members != null) {
                                members.add(r.getAttributeValue(null, "Name"));
                            }
                        }
                        case "Action" -> {
                            actionName = r.getAttributeValue(null, "Name");
                            params = new LinkedHashMap<>();
                            first = true;
                            bindingType = null;
                        }
                        case "Parameter" -> {
                            if (params != null) {
                                if (first && bindingTypeOf(r) != null) {
                                    bindingType = bindingTypeOf(r);
                                } else {
                                    params.put(r.getAttributeValue(null, "Name").toLowerCase(Locale.ROOT),
                                            r.getAttributeValue(null, "Type"));
                                }
                                first = false;
                            }
                        }
                        default -> {
                        }
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT && EDM.equals(r.getNamespaceURI())) {
                    switch (r.getLocalName()) {
                        case "EntityType", "ComplexType" -> {
                            rawStructured.add(new String[] { typeName, baseType });
                            m.structured.put(typeName, new StructuredType(typeName, baseType, props));
                            props = null;
                        }
                        case "EnumType" -> {
                            m.enums.put(typeName, new EnumType(typeName, Set.copyOf(members), flags));
                            members = null;
                        }
                        case "Action" -> {
                            if (bindingType != null) {
                                rawActions.add(new Object[] { actionName, bindingType, params });
                            }
                            params = null;
                        }
                        default -> {
                        }
                    }
                }
            }
            r.close();
            // qualify every type name now that every alias is known
            Map<String, StructuredType> qualified = new HashMap<>();
            for (StructuredType t : m.structured.values()) {
                Map<String, String> p = new LinkedHashMap<>();
                t.properties().forEach((k, v) -> p.put(k, m.qualify(v)));
                qualified.put(t.name(), new StructuredType(t.name(), t.baseType() == null ? null : m.qualify(t.baseType()), p));
            }
            m.structured.clear();
            m.structured.putAll(qualified);
            for (Object[] a : rawActions) {
                @SuppressWarnings("unchecked")
                Map<String, String> p = (Map<String, String>) a[2];
                Map<String, String> q = new LinkedHashMap<>();
                p.forEach((k, v) -> q.put(k, m.qualify(v)));
                m.actions.putIfAbsent(a[0] + "|" + m.qualify((String) a[1]), q);
            }
            LOG.info("Loaded Graph metadata {} ({} types, {} enums) in {} ms", file, m.structured.size(), m.enums.size(),
                    (System.nanoTime() - start) / 1_000_000);
            return m;
        } catch (IOException | XMLStreamException e) {
            throw new IllegalStateException("Cannot read the Graph metadata " + file + ": " + e.getMessage(), e);
        }
    }

    private static String bindingTypeOf(XMLStreamReader r) {
        String name = r.getAttributeValue(null, "Name");
        return "bindingParameter".equals(name) || "bindparameter".equalsIgnoreCase(name)
                ? r.getAttributeValue(null, "Type") : null;
    }
}
