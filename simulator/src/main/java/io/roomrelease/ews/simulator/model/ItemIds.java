package io.roomrelease.ews.simulator.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

/**
 * Encodes and decodes the simulator's opaque, stable EWS ids: item ids, occurrence ids (master plus
 * original start), calendar folder ids and ChangeKeys. Like Exchange's, they are base64 strings that
 * clients must not interpret.
 */
public final class ItemIds {
    private static final String PREFIX = "AAMkRRsim|";

    /** A decoded item or occurrence id. */
    public record Ref(long serial, String mailbox, Instant originalStart) {
        public boolean isOccurrence() {
            return originalStart != null;
        }
    }

    private ItemIds() {
    }

    static String item(long serial, String mailbox) {
        return encode("I|" + serial + "|" + mailbox.toLowerCase(Locale.ROOT));
    }

    /**
     * An occurrence id. The original start is kept to the nanosecond: a series whose start has a fraction of a
     * second (e.g. one created relative to "now") must resolve to the same occurrence when the id comes back.
     */
    static String occurrence(long masterSerial, String mailbox, Instant originalStart) {
        String start = originalStart.getNano() == 0 ? Long.toString(originalStart.getEpochSecond())
                : originalStart.getEpochSecond() + "." + originalStart.getNano();
        return encode("O|" + masterSerial + "|" + mailbox.toLowerCase(Locale.ROOT) + "|" + start);
    }

    /** The occurrence id of a series master's occurrence with this original start. */
    public static String occurrenceOf(String masterId, Instant originalStart) {
        Ref ref = parse(masterId);
        return occurrence(ref.serial(), ref.mailbox(), originalStart);
    }

    /** The id of a mailbox's calendar folder. */
    public static String calendarFolder(String mailbox) {
        return encode("F|calendar|" + mailbox.toLowerCase(Locale.ROOT));
    }

    /** The id of a mailbox's root folder (msgfolderroot), the calendar's parent. */
    public static String rootFolder(String mailbox) {
        return encode("F|msgfolderroot|" + mailbox.toLowerCase(Locale.ROOT));
    }

    /**
     * The id in another ConvertId format: the same reference under a format prefix, base64 (EntryId, StoreId, OwaId) or
     * hex (HexEntryId); EwsId and EwsLegacyId are the id itself.
     */
    public static String toFormat(String ewsId, String format) {
        byte[] raw = (format + "|" + ewsId).getBytes(StandardCharsets.UTF_8);
        return switch (format) {
            case "EwsId", "EwsLegacyId" -> ewsId;
            case "HexEntryId" -> java.util.HexFormat.of().withUpperCase().formatHex(raw);
            default -> Base64.getEncoder().encodeToString(raw);
        };
    }

    /**
     * The EwsId an id of {@code format} stands for, when it names one of the simulator's items or folders.
     *
     * @throws StoreException ErrorInvalidIdMalformed otherwise
     */
    public static String fromFormat(String id, String format) {
        String ewsId = null;
        try {
            ewsId = switch (format) {
                case "EwsId", "EwsLegacyId" -> id;
                case "HexEntryId" -> strip(new String(java.util.HexFormat.of().parseHex(id), StandardCharsets.UTF_8), format);
                default -> strip(new String(Base64.getDecoder().decode(id), StandardCharsets.UTF_8), format);
            };
        } catch (IllegalArgumentException e) {
            // not of that format
        }
        String text = decode(ewsId);
        if (text == null || !(text.startsWith("I|") || text.startsWith("O|") || text.startsWith("F|"))) {
            throw new StoreException("ErrorInvalidIdMalformed", "Id is malformed.");
        }
        return ewsId;
    }

    private static String strip(String text, String format) {
        return text.startsWith(format + "|") ? text.substring(format.length() + 1) : null;
    }

    /** The mailbox an EwsId of an item, occurrence or folder belongs to. */
    public static String mailboxOf(String ewsId) {
        String text = decode(ewsId);
        String[] p = text == null ? new String[0] : text.split("\\|");
        if (p.length < 3) {
            throw new StoreException("ErrorInvalidIdMalformed", "Id is malformed.");
        }
        return p[2];
    }

    static String changeKey(long serial, long version) {
        return Base64.getEncoder().encodeToString(("DwAAABYAAA|" + serial + "|" + version).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes an item or occurrence id.
     *
     * @throws StoreException ErrorInvalidIdMalformed when the id is not one of the simulator's
     */
    public static Ref parse(String id) {
        String text = decode(id);
        String[] p = text == null ? new String[0] : text.split("\\|");
        try {
            if (p.length == 3 && p[0].equals("I")) {
                return new Ref(Long.parseLong(p[1]), p[2], null);
            }
            if (p.length == 4 && p[0].equals("O")) {
                int dot = p[3].indexOf('.');
                Instant start = dot < 0 ? Instant.ofEpochSecond(Long.parseLong(p[3]))
                        : Instant.ofEpochSecond(Long.parseLong(p[3].substring(0, dot)), Long.parseLong(p[3].substring(dot + 1)));
                return new Ref(Long.parseLong(p[1]), p[2], start);
            }
        } catch (NumberFormatException | java.time.DateTimeException e) {
            // fall through
        }
        throw new StoreException("ErrorInvalidIdMalformed", "Id is malformed.");
    }

    /**
     * The mailbox of a calendar folder id.
     *
     * @throws StoreException ErrorInvalidIdMalformed when it is not a calendar folder id
     */
    public static String parseCalendarFolder(String id) {
        String text = decode(id);
        if (text != null && text.startsWith("F|calendar|")) {
            return text.substring("F|calendar|".length());
        }
        throw new StoreException("ErrorInvalidIdMalformed", "Id is malformed.");
    }

    /** The version a ChangeKey was issued for, or -1 when it is not one of the simulator's. */
    static long changeKeyVersion(String changeKey, long serial) {
        try {
            String[] p = new String(Base64.getDecoder().decode(changeKey), StandardCharsets.UTF_8).split("\\|");
            if (p.length == 3 && Long.parseLong(p[1]) == serial) {
                return Long.parseLong(p[2]);
            }
        } catch (IllegalArgumentException e) {
            // malformed
        }
        return -1;
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString((PREFIX + text).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String id) {
        if (id == null) {
            return null;
        }
        try {
            String text = new String(Base64.getDecoder().decode(id.trim()), StandardCharsets.UTF_8);
            return text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
