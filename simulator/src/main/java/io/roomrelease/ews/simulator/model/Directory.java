package io.roomrelease.ews.simulator.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.roomrelease.ews.simulator.scenario.Scenario;

/**
 * The simulated organisation's directory: service accounts, rooms, room lists and users, looked up by
 * address case-insensitively, and the free/busy permission each caller has on a mailbox. Immutable after
 * construction, so it needs no lock.
 */
final class Directory {
    private final Scenario scenario;
    private final Map<String, Account> accountsByLogon = new HashMap<>();
    private final Map<String, Account> accountsByClientId = new HashMap<>();
    private final Map<String, Room> rooms = new LinkedHashMap<>();
    private final Map<String, RoomList> roomLists = new LinkedHashMap<>();
    private final Map<String, User> users = new LinkedHashMap<>();

    Directory(Scenario scenario) {
        this.scenario = scenario;
        for (Account a : scenario.accounts()) {
            accountsByLogon.put(key(a.logon()), a);
            if (a.oauthClientId() != null) {
                accountsByClientId.put(a.oauthClientId(), a);
            }
        }
        for (Room r : scenario.rooms()) {
            putUnique(rooms, r.email(), r, "room");
        }
        for (User u : scenario.users()) {
            if (rooms.containsKey(key(u.email()))) {
                throw new IllegalArgumentException("mailbox " + u.email() + " is both a room and a user; give each one address");
            }
            putUnique(users, u.email(), u, "user");
        }
        for (RoomList l : scenario.roomLists()) {
            for (String member : l.rooms()) {
                if (!rooms.containsKey(key(member))) {
                    throw new IllegalArgumentException("room list " + l.email() + " names " + member
                            + ", which is not a room; add it under rooms or remove it from the list");
                }
            }
            putUnique(roomLists, l.email(), l, "room list");
        }
    }

    Optional<Account> account(String logon) {
        return logon == null ? Optional.empty() : Optional.ofNullable(accountsByLogon.get(key(logon)));
    }

    Optional<Account> accountByClientId(String clientId) {
        return clientId == null ? Optional.empty() : Optional.ofNullable(accountsByClientId.get(clientId));
    }

    boolean hasMailbox(String smtp) {
        return smtp != null && (rooms.containsKey(key(smtp)) || users.containsKey(key(smtp)));
    }

    boolean isRoom(String smtp) {
        return smtp != null && rooms.containsKey(key(smtp));
    }

    String displayName(String smtp) {
        Room r = rooms.get(key(smtp));
        if (r != null) {
            return r.name();
        }
        User u = users.get(key(smtp));
        return u != null ? u.name() : smtp;
    }

    String canonicalAddress(String smtp) {
        Room r = rooms.get(key(smtp));
        if (r != null) {
            return r.email();
        }
        User u = users.get(key(smtp));
        return u != null ? u.email() : smtp;
    }

    /** Every mailbox address: rooms, then users. */
    List<String> mailboxes() {
        List<String> all = new ArrayList<>();
        rooms.values().forEach(r -> all.add(r.email()));
        users.values().forEach(u -> all.add(u.email()));
        return all;
    }

    List<Room> rooms() {
        return List.copyOf(rooms.values());
    }

    Optional<Room> room(String smtp) {
        return Optional.ofNullable(rooms.get(key(smtp)));
    }

    List<RoomList> roomLists() {
        return List.copyOf(roomLists.values());
    }

    Optional<RoomList> roomList(String smtp) {
        return Optional.ofNullable(roomLists.get(key(smtp)));
    }

    List<User> users() {
        return List.copyOf(users.values());
    }

    /** Whether {@code account} may open {@code mailbox} as a delegate (or owns it). */
    boolean hasDelegateAccess(String account, String mailbox) {
        Account a = accountsByLogon.get(key(account));
        return a != null && a.hasDelegateAccess(mailbox);
    }

    /**
     * The free/busy detail {@code access} may see on {@code mailbox}'s calendar: full for the mailbox
     * itself (or when impersonating it) and for delegates; otherwise the Default user's permission.
     */
    PermissionLevel freeBusyPermission(Access access, String mailbox) {
        if (mailbox.equalsIgnoreCase(access.actingMailbox()) || mailbox.equalsIgnoreCase(access.account())) {
            return PermissionLevel.FULL_DETAILS;
        }
        Account a = accountsByLogon.get(key(access.account()));
        if (a != null && a.delegateGrants().stream().anyMatch(g -> g.equalsIgnoreCase(mailbox))) {
            return PermissionLevel.FULL_DETAILS;
        }
        PermissionLevel override = scenario.permissions().get(key(mailbox));
        if (override != null) {
            return override;
        }
        return isRoom(mailbox) ? scenario.defaultRoomPermission() : scenario.defaultUserPermission();
    }

    /** The lookup key of an address: SMTP addresses are case-insensitive. */
    static String key(String smtp) {
        return smtp.trim().toLowerCase(Locale.ROOT);
    }

    private static <V> void putUnique(Map<String, V> map, String email, V value, String what) {
        if (map.putIfAbsent(key(email), value) != null) {
            throw new IllegalArgumentException("duplicate " + what + " " + email + "; each address must appear once");
        }
    }
}
