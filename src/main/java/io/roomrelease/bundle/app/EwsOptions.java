package io.roomrelease.bundle.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.util.StringHelper;

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

    private EwsOptions() {
    }

    /** {@code camel.component.ews.<option>} for every component option, dash-case as in the settings files. */
    static List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (String option : optionNames()) {
            keys.add(PREFIX + StringHelper.camelCaseToDash(option));
        }
        return keys;
    }

    /** Options the catalog types as durations ({@code 60s}, {@code 150ms}, {@code 60000}), stored as millis. */
    private static List<String> durationOptions() {
        try (InputStream in = EwsOptions.class.getResourceAsStream(METADATA)) {
            JsonNode props = new ObjectMapper().readTree(in).path("componentProperties");
            List<String> names = new ArrayList<>();
            props.fields().forEachRemaining(e -> {
                if ("duration".equals(e.getValue().path("type").asText())) {
                    names.add(e.getKey());
                }
            });
            return names;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static List<String> optionNames() {
        try (InputStream in = EwsOptions.class.getResourceAsStream(METADATA)) {
            if (in == null) {
                throw new IllegalStateException("The ews component's metadata " + METADATA + " is missing from the"
                        + " class path: rebuild camel-ews-custom");
            }
            JsonNode props = new ObjectMapper().readTree(in).path("componentProperties");
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = props.fieldNames(); it.hasNext();) {
                String name = it.next();
                if (!"configuration".equals(name)) {
                    names.add(name);
                }
            }
            return names;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + METADATA + ": " + e.getMessage(), e);
        }
    }

    /**
     * The component's own verdict on the {@code camel.component.ews.*} settings, one line per problem naming the
     * setting and its environment variable. Nothing is checked when a custom backend is configured.
     */
    static List<String> problems(SettingSource settings) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String option : optionNames()) {
            String key = PREFIX + StringHelper.camelCaseToDash(option);
            settings.get(key).or(() -> settings.get(PREFIX + option)).ifPresent(v -> options.put(option, v.trim()));
        }
        if (options.containsKey("backend")) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        EwsConfiguration conf = new EwsConfiguration();
        // an unstarted context only lends Camel's type converters (durations such as 60s, enums, numbers)
        DefaultCamelContext context = new DefaultCamelContext(false);
        context.build();
        List<String> durations = durationOptions();
        {
            for (Map.Entry<String, String> e : options.entrySet()) {
                if (durations.contains(e.getKey())) {
                    try { // as the component's generated configurer reads them
                        e.setValue(Long.toString(org.apache.camel.util.TimeUtils.toMilliSeconds(e.getValue())));
                    } catch (RuntimeException ex) {
                        problems.add(line(e.getKey(), "is not a duration such as 15s, 500ms or 60000: '"
                                + e.getValue() + "'"));
                        continue;
                    }
                }
                if (e.getValue().startsWith("#")) {
                    continue; // a bean reference (clock, backend): bound by Camel at start-up
                }
                try {
                    PropertyBindingSupport.build().withCamelContext(context).withTarget(conf).withReflection(true)
                            .withIgnoreCase(true).withRemoveParameters(false)
                            .withProperties(new LinkedHashMap<>(Map.of(e.getKey(), e.getValue()))).bind();
                } catch (RuntimeException ex) {
                    // component options that are not on its configuration (e.g. hardenXmlParsing) land here too
                    if (!isComponentOnly(e.getKey())) {
                        problems.add(line(e.getKey(), "has a value of the wrong kind: '"
                                + (secret(e.getKey()) ? "******" : e.getValue()) + "'"));
                    }
                }
            }
        }
        EwsSettingsFactory.problems(conf).forEach(problem -> problems.add(named(problem)));
        return problems;
    }

    /** A component problem with the setting it is about: the option it starts with, or else the first it names. */
    private static String named(String problem) {
        Matcher m = OPTION_FIRST.matcher(problem);
        if (m.matches()) {
            return line(m.group(1), m.group(2));
        }
        String first = null;
        int at = Integer.MAX_VALUE;
        for (String option : optionNames()) {
            Matcher word = Pattern.compile("\\b" + option + "\\b").matcher(problem);
            if (word.find() && word.start() < at) {
                at = word.start();
                first = option;
            }
        }
        return first == null ? PREFIX + "* " + problem : line(first, problem);
    }

    private static boolean isComponentOnly(String option) {
        return option.equals("hardenXmlParsing") || option.equals("autowiredEnabled")
                || option.equals("lazyStartProducer") || option.equals("bridgeErrorHandler");
    }

    private static boolean secret(String option) {
        String o = option.toLowerCase(java.util.Locale.ROOT);
        return o.contains("password") || o.contains("secret");
    }

    private static String line(String option, String text) {
        String key = PREFIX + StringHelper.camelCaseToDash(option);
        return key + " (environment " + SettingSource.environmentVariable(key) + ") " + text;
    }
}
