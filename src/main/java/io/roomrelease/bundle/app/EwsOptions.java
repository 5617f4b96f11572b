package io.roomrelease.bundle.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.util.StringHelper;
import org.apache.camel.util.TimeUtils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.roomrelease.bundle.settings.SettingSource;
import io.roomrelease.camel.ews.EwsConfiguration;
import io.roomrelease.camel.ews.ews.EwsSettingsFactory;

/**
 * The {@code ews:} component's options as settings: their keys come from the component's own catalog metadata
 * ({@code ews.json}, generated from its {@code @UriParam}s), and their check is the component's own validation
 * ({@link EwsSettingsFactory}), so that the bundle's start-up check and the component can never disagree.
 */
final class EwsOptions {

    static final String PREFIX = "camel.component.ews.";
    private static final String METADATA = "/META-INF/io/roomrelease/camel/ews/ews.json";
    private static final Pattern OPTION_FIRST = Pattern.compile("^([a-zA-Z]+): (.*)$", Pattern.DOTALL);

    /** One component option as the catalog describes it. */
    private record Option(String name, boolean onConfiguration, boolean duration, boolean secret) {
        String key() {
            return PREFIX + StringHelper.camelCaseToDash(name);
        }
    }

    /** Read once: the catalog is in the jar and does not change. */
    private static final List<Option> OPTIONS = readMetadata();

    private EwsOptions() {
    }

    /** {@code camel.component.ews.<option>} for every component option, dash-case as in the settings files. */
    static List<String> keys() {
        return OPTIONS.stream().map(Option::key).toList();
    }

    private static List<Option> readMetadata() {
        try (InputStream in = EwsOptions.class.getResourceAsStream(METADATA)) {
            if (in == null) {
                throw new IllegalStateException("The ews component's metadata " + METADATA + " is missing from the"
                        + " class path: rebuild camel-ews-custom");
            }
            List<Option> options = new ArrayList<>();
            new ObjectMapper().readTree(in).path("componentProperties").fields().forEachRemaining(e -> {
                JsonNode o = e.getValue();
                if (!"configuration".equals(e.getKey())) {
                    options.add(new Option(e.getKey(), o.has("configurationField"),
                            "duration".equals(o.path("type").asText()), o.path("secret").asBoolean()));
                }
            });
            return List.copyOf(options);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + METADATA + ": " + e.getMessage(), e);
        }
    }

    /**
     * The component's own verdict on the {@code camel.component.ews.*} settings, one line per problem naming the
     * setting and its environment variable. Nothing is checked when a custom backend is configured.
     */
    static List<String> problems(SettingSource settings) {
        Map<Option, String> values = new LinkedHashMap<>();
        for (Option o : OPTIONS) {
            settings.get(o.key()).or(() -> settings.get(PREFIX + o.name())).ifPresent(v -> values.put(o, v.trim()));
        }
        if (values.keySet().stream().anyMatch(o -> o.name().equals("backend"))) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        EwsConfiguration conf = new EwsConfiguration();
        // an unstarted context only lends Camel's type converters (numbers, booleans, enums)
        try (DefaultCamelContext context = new DefaultCamelContext(false)) {
            context.build();
            values.forEach((o, raw) -> bind(context, conf, o, raw, problems));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot check the ews options: " + e.getMessage(), e);
        }
        // the component's contract: every problem starts with the option's name
        EwsSettingsFactory.problems(conf).forEach(problem -> {
            Matcher m = OPTION_FIRST.matcher(problem);
            problems.add(m.matches() ? line(m.group(1), m.group(2)) : PREFIX + "* " + problem);
        });
        return problems;
    }

    private static void bind(DefaultCamelContext context, EwsConfiguration conf, Option o, String raw,
                             List<String> problems) {
        if (!o.onConfiguration() || raw.startsWith("#")) {
            return; // component-level switches, and bean references (clock, backend) Camel binds at start-up
        }
        String value = raw;
        if (o.duration()) {
            try { // as the component's generated configurer reads them: 15s, 500ms or 60000
                value = Long.toString(TimeUtils.toMilliSeconds(raw));
            } catch (RuntimeException e) {
                problems.add(line(o.name(), "is not a duration such as 15s, 500ms or 60000: '" + raw + "'"));
                return;
            }
        }
        try {
            PropertyBindingSupport.build().withCamelContext(context).withTarget(conf).withReflection(true)
                    .withIgnoreCase(true).withRemoveParameters(false)
                    .withProperties(new LinkedHashMap<>(Map.of(o.name(), value))).bind();
        } catch (RuntimeException e) {
            problems.add(line(o.name(), "has a value of the wrong kind: '" + (o.secret() ? "******" : raw) + "'"));
        }
    }

    private static String line(String option, String text) {
        String key = PREFIX + StringHelper.camelCaseToDash(option);
        return key + " (environment " + SettingSource.environmentVariable(key) + ") " + text;
    }
}
