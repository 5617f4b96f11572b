package io.roomrelease.bundle.settings;

import java.util.List;

/** Thrown at startup when settings are missing or malformed; the message names every offending setting. */
public class InvalidSettingsException extends IllegalStateException {

    private final List<String> problems;

    public InvalidSettingsException(String intro, List<String> problems) {
        super(intro + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem. */
    public List<String> problems() {
        return problems;
    }
}
