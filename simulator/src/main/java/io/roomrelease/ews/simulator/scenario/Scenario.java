package io.roomrelease.ews.simulator.scenario;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.roomrelease.ews.simulator.graph.GraphSettings;
import io.roomrelease.ews.simulator.model.Account;
import io.roomrelease.ews.simulator.model.PermissionLevel;
import io.roomrelease.ews.simulator.model.Room;
import io.roomrelease.ews.simulator.model.RoomList;
import io.roomrelease.ews.simulator.model.ThrottlingSettings;
import io.roomrelease.ews.simulator.model.User;

/**
 * The data a simulator starts with: rooms, room lists, users, meetings (single and recurring) and
 * accounts with their rights. Loaded from YAML or JSON ({@link #load}), generated
 * ({@link ScenarioGenerator}), the {@link #demo demo story}, or built in code ({@link #builder()}).
 * Immutable.
 */
public final class Scenario {
    private final String organisation;
    private final ThrottlingSettings throttling;
    private final List<Account> accounts;
    private final List<Room> rooms;
    private final List<RoomList> roomLists;
    private final List<User> users;
    private final List<MeetingSpec> meetings;
    private final PermissionLevel defaultRoomPermission;
    private final PermissionLevel defaultUserPermission;
    private final Map<String, PermissionLevel> permissions;
    private final ZoneId timeZone;
    private final GraphSettings.Scope graphScope;

    private Scenario(Builder b) {
        this.organisation = b.organisation;
        this.throttling = b.throttling;
        this.accounts = List.copyOf(b.accounts);
        this.rooms = List.copyOf(b.rooms);
        this.roomLists = List.copyOf(b.roomLists);
        this.users = List.copyOf(b.users);
        this.meetings = List.copyOf(b.meetings);
        this.defaultRoomPermission = b.defaultRoomPermission;
        this.defaultUserPermission = b.defaultUserPermission;
        this.permissions = Map.copyOf(b.permissions);
        this.timeZone = b.timeZone;
        this.graphScope = b.graphScope;
    }

    /** Loads a scenario from a .yaml/.yml or .json file; relative times count from {@code clock}'s now. */
    public static Scenario load(Path file, Clock clock) {
        return ScenarioLoader.load(file, clock);
    }

    /** The demo story: rooms in two buildings, meetings placed around {@code clock}'s now (resource {@code scenarios/demo.yaml}). */
    public static Scenario demo(Clock clock) {
        return ScenarioLoader.loadResource("scenarios/demo.yaml", clock);
    }

    /** The mailboxes Graph apps may reach unless the simulator is told otherwise (default: every room). */
    public GraphSettings.Scope graphScope() {
        return graphScope;
    }

    /** Starts an empty scenario. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this scenario's data, to extend it. */
    public Builder toBuilder() {
        Builder b = new Builder().organisation(organisation).throttling(throttling).timeZone(timeZone)
                .defaultRoomPermission(defaultRoomPermission).defaultUserPermission(defaultUserPermission);
        b.accounts.addAll(accounts);
        b.rooms.addAll(rooms);
        b.roomLists.addAll(roomLists);
        b.users.addAll(users);
        b.meetings.addAll(meetings);
        b.permissions.putAll(permissions);
        b.graphScope = graphScope;
        return b;
    }

    /** The organisation's domain, e.g. contoso.com. */
    public String organisation() {
        return organisation;
    }

    /** The accounts that may log on. */
    public List<Account> accounts() {
        return accounts;
    }

    /** Throttling for every account (Exchange defaults unless the scenario says otherwise). */
    public ThrottlingSettings throttling() {
        return throttling;
    }

    public List<Room> rooms() {
        return rooms;
    }

    public List<RoomList> roomLists() {
        return roomLists;
    }

    public List<User> users() {
        return users;
    }

    public List<MeetingSpec> meetings() {
        return meetings;
    }

    /** Free/busy detail the Default user sees on rooms (Exchange ships AvailabilityOnly; many organisations set LimitedDetails). */
    public PermissionLevel defaultRoomPermission() {
        return defaultRoomPermission;
    }

    /** Free/busy detail the Default user sees on user mailboxes (Exchange: AvailabilityOnly). */
    public PermissionLevel defaultUserPermission() {
        return defaultUserPermission;
    }

    /** Per-mailbox overrides of the Default user's free/busy permission (keys in lower case). */
    public Map<String, PermissionLevel> permissions() {
        return permissions;
    }

    /** The organisation's time zone: recurring series and all-day events are laid out in it. */
    public ZoneId timeZone() {
        return timeZone;
    }

    /** Builds a {@link Scenario} in code. */
    public static final class Builder {
        private String organisation = "contoso.com";
        private ThrottlingSettings throttling = ThrottlingSettings.exchangeDefaults();
        private GraphSettings.Scope graphScope = GraphSettings.Scope.rooms();

        /** The mailboxes Graph apps may reach (an application access policy); default every room. */
        public Builder graphScope(GraphSettings.Scope value) {
            this.graphScope = Objects.requireNonNull(value, "graph scope");
            return this;
        }
        private final List<Account> accounts = new ArrayList<>();
        private final List<Room> rooms = new ArrayList<>();
        private final List<RoomList> roomLists = new ArrayList<>();
        private final List<User> users = new ArrayList<>();
        private final List<MeetingSpec> meetings = new ArrayList<>();
        private PermissionLevel defaultRoomPermission = PermissionLevel.AVAILABILITY_ONLY;
        private PermissionLevel defaultUserPermission = PermissionLevel.AVAILABILITY_ONLY;
        private final Map<String, PermissionLevel> permissions = new LinkedHashMap<>();
        private ZoneId timeZone = ZoneOffset.UTC;

        private Builder() {
        }

        public Builder organisation(String value) {
            organisation = Objects.requireNonNull(value, "organisation");
            return this;
        }

        public Builder throttling(ThrottlingSettings value) {
            throttling = Objects.requireNonNull(value, "throttling");
            return this;
        }

        public Builder account(Account value) {
            accounts.add(Objects.requireNonNull(value, "account"));
            return this;
        }

        /** A service account holding ApplicationImpersonation for the whole organisation. */
        public Builder serviceAccount(String logon, String password) {
            return account(new Account(logon, password, null, null, true, Set.of(), Set.of()));
        }

        /** Gives an existing account an OAuth client (id and secret) for the token endpoint (Graph app tokens). */
        public Builder oauthClient(String logon, String clientId, String clientSecret) {
            for (int i = 0; i < accounts.size(); i++) {
                Account a = accounts.get(i);
                if (a.logon().equalsIgnoreCase(logon)) {
                    accounts.set(i, new Account(a.logon(), a.password(), clientId, clientSecret,
                            a.applicationImpersonation(), a.impersonationScope(), a.delegateGrants()));
                    return this;
                }
            }
            throw new IllegalArgumentException("No account " + logon + " in the scenario");
        }

        public Builder room(Room value) {
            rooms.add(Objects.requireNonNull(value, "room"));
            return this;
        }

        /** A room with a display, capacity 8, in no particular building. */
        public Builder room(String email, String name) {
            return room(new Room(email, name, 8, null, true));
        }

        public Builder roomList(RoomList value) {
            roomLists.add(Objects.requireNonNull(value, "room list"));
            return this;
        }

        public Builder roomList(String email, String name, String... roomEmails) {
            return roomList(new RoomList(email, name, List.of(roomEmails)));
        }

        public Builder user(User value) {
            users.add(Objects.requireNonNull(value, "user"));
            return this;
        }

        public Builder user(String email, String name) {
            return user(new User(email, name));
        }

        public Builder meeting(MeetingSpec value) {
            meetings.add(Objects.requireNonNull(value, "meeting"));
            return this;
        }

        public Builder defaultRoomPermission(PermissionLevel value) {
            defaultRoomPermission = Objects.requireNonNull(value, "defaultRoomPermission");
            return this;
        }

        public Builder defaultUserPermission(PermissionLevel value) {
            defaultUserPermission = Objects.requireNonNull(value, "defaultUserPermission");
            return this;
        }

        /** Overrides the Default user's free/busy permission on one mailbox. */
        public Builder permission(String mailbox, PermissionLevel level) {
            permissions.put(mailbox.toLowerCase(Locale.ROOT), Objects.requireNonNull(level, "permission level"));
            return this;
        }

        public Builder timeZone(ZoneId value) {
            timeZone = Objects.requireNonNull(value, "timeZone");
            return this;
        }

        /**
         * Builds the scenario. An account's impersonation scope may name a room list: it stands for the
         * list's rooms (like a management scope on a distribution group).
         */
        public Scenario build() {
            for (int i = 0; i < accounts.size(); i++) {
                Account a = accounts.get(i);
                if (a.impersonationScope().isEmpty()) {
                    continue;
                }
                Set<String> scope = new java.util.LinkedHashSet<>();
                for (String s : a.impersonationScope()) {
                    scope.add(s);
                    roomLists.stream().filter(l -> l.email().equalsIgnoreCase(s)).forEach(l -> scope.addAll(l.rooms()));
                }
                accounts.set(i, new Account(a.logon(), a.password(), a.oauthClientId(), a.oauthClientSecret(),
                        a.applicationImpersonation(), scope, a.delegateGrants()));
            }
            return new Scenario(this);
        }
    }
}
