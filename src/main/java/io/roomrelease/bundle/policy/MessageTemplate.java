package io.roomrelease.bundle.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.text.StringSubstitutor;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * A message to organizers with {@code {name}} placeholders for the numbers and times it mentions (so the text can
 * never contradict the settings), e.g. {@code Nobody checked in within {graceMinutes} minutes}. Each message allows
 * a known set of names; an unknown one is a start-up error with a did-you-mean.
 */
public final class MessageTemplate {

    /** Placeholders of the decline message. */
    public static final Set<String> DECLINE = Set.of("graceMinutes", "room", "start", "releaseTime");
    /** Placeholders of the strikes message. */
    public static final Set<String> STRIKES = Set.of("strikes");
    /** Placeholders of the warning's subject and text. */
    public static final Set<String> WARNING = Set.of("graceMinutes", "warnMinutes", "room", "start", "releaseTime",
            "checkinClosesMinutes");

    private static final Pattern NAME = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    private final String text;

    private MessageTemplate(String text) {
        this.text = text;
    }

    /** A template; check it first with {@link #problems}. */
    public static MessageTemplate of(String text) {
        return new MessageTemplate(text == null ? "" : text);
    }

    /** What is wrong with the placeholders of {@code text}, given the names it may use (empty: nothing). */
    public static List<String> problems(String text, Set<String> allowed) {
        List<String> out = new ArrayList<>();
        Matcher m = NAME.matcher(text == null ? "" : text);
        while (m.find()) {
            String name = m.group(1);
            if (!allowed.contains(name)) {
                out.add("has the unknown placeholder {" + name + "}" + didYouMean(name, allowed)
                        + "; it may use " + String.join(", ", new TreeSet<>(allowed).stream()
                        .map(n -> "{" + n + "}").toList()));
            }
        }
        return out;
    }

    /** The text with every placeholder replaced by its value. */
    public String render(Map<String, ?> values) {
        StringSubstitutor s = new StringSubstitutor(values, "{", "}");
        s.setDisableSubstitutionInValues(true);
        return s.replace(text);
    }

    /** The closest allowed name: a few edits away, or one that starts with what was written ({grace}). */
    private static String didYouMean(String name, Set<String> allowed) {
        String n = name.toLowerCase(Locale.ROOT);
        LevenshteinDistance d = new LevenshteinDistance(Math.max(3, name.length() / 3));
        return allowed.stream()
                .filter(a -> d.apply(n, a.toLowerCase(Locale.ROOT)) >= 0
                        || a.toLowerCase(Locale.ROOT).startsWith(n))
                .min(Comparator.comparingInt(a -> LevenshteinDistance.getDefaultInstance()
                        .apply(n, a.toLowerCase(Locale.ROOT))))
                .map(a -> " (did you mean {" + a + "}?)").orElse("");
    }
}
