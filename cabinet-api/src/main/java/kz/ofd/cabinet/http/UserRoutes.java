package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import kz.ofd.cabinet.access.AccessResolver;
import kz.ofd.cabinet.access.Level;
import kz.ofd.cabinet.access.Module;
import kz.ofd.cabinet.auth.PasswordHasher;
import kz.ofd.cabinet.auth.SessionManager;
import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.registry.DuplicateException;
import kz.ofd.cabinet.registry.proto.AccessGrant;
import kz.ofd.cabinet.registry.proto.GroupRecord;
import kz.ofd.cabinet.registry.proto.UserRecord;
import kz.ofd.cabinet.validate.FieldError;
import kz.ofd.cabinet.validate.Identifiers;
import kz.ofd.cabinet.validate.PasswordPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static kz.ofd.cabinet.http.CabinetServer.API;
import static kz.ofd.cabinet.http.CabinetServer.need;

/**
 * Users and groups of the session's organization (manual 001 §12, §13; 004 §5.2.7), module {@code users}: the
 * owner (or a user with {@code users:manage}) adds users with an initial password set by them (the manual's "Новый
 * пароль / Повторите пароль"), edits, blocks, unblocks and deletes them, and manages groups. The owner (the user
 * who signed the organization up) cannot be changed, blocked or deleted here, and nobody blocks or deletes
 * themselves. A user other than the owner gives only rights they have themselves (a grant, or membership of a
 * group, beyond them is {@code exceeds-own-rights}). Blocking or deleting a user ends their sessions at once. Runs on
 * worker threads.
 */
final class UserRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(UserRoutes.class);
    /** Role of users added by the owner (the owner's is {@link AccessResolver#OWNER_ROLE}). */
    static final String MEMBER_ROLE = "USER";

    private final CabinetRegistry registry;
    private final SessionManager sessions;
    private final PasswordHasher hasher;
    private final Clock clock;

    UserRoutes(CabinetRegistry registry, SessionManager sessions, PasswordHasher hasher, Clock clock) {
        this.registry = registry;
        this.sessions = sessions;
        this.hasher = hasher;
        this.clock = clock;
    }

    void register(Router router, CabinetServer.SessionRoutes routes) {
        routes.add(router.get(API + "/users"), need(Module.USERS, Level.VIEW), this::list);
        routes.add(router.post(API + "/users"), need(Module.USERS, Level.MANAGE), this::create);
        routes.add(router.get(API + "/users/:userId"), need(Module.USERS, Level.VIEW), this::get);
        routes.add(router.put(API + "/users/:userId"), need(Module.USERS, Level.MANAGE), this::put);
        routes.add(router.delete(API + "/users/:userId"), need(Module.USERS, Level.MANAGE), this::delete);
        routes.add(router.post(API + "/users/:userId/block"), need(Module.USERS, Level.MANAGE), ctx -> block(ctx, true));
        routes.add(router.post(API + "/users/:userId/unblock"), need(Module.USERS, Level.MANAGE), ctx -> block(ctx, false));
        routes.add(router.get(API + "/groups"), need(Module.USERS, Level.VIEW), this::listGroups);
        routes.add(router.post(API + "/groups"), need(Module.USERS, Level.MANAGE), this::createGroup);
        routes.add(router.get(API + "/groups/:groupId"), need(Module.USERS, Level.VIEW), this::getGroup);
        routes.add(router.put(API + "/groups/:groupId"), need(Module.USERS, Level.MANAGE), this::putGroup);
        routes.add(router.delete(API + "/groups/:groupId"), need(Module.USERS, Level.MANAGE), this::deleteGroup);
    }

    // ---- users ----

    void list(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        registry.users().list(Http.principal(ctx).organizationId()).forEach(u -> out.add(json(u)));
        Http.json(ctx, 200, new JsonObject().put("users", out));
    }

    void get(RoutingContext ctx) {
        findUser(ctx).ifPresent(u -> Http.json(ctx, 200, json(u)));
    }

    void create(RoutingContext ctx) {
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        long orgId = Http.principal(ctx).organizationId();
        Fields f = new Fields(body);
        UserRecord.Builder user = userFields(ctx, f, body, orgId);
        String password = f.raw("password");
        PasswordPolicy.problems("password", password).forEach(f::add);
        String repeat = f.raw("passwordRepeat");
        if (password != null && !password.equals(repeat)) {
            f.add(new FieldError("passwordRepeat", "password-mismatch", "must repeat the password exactly"));
        }
        if (!f.ok()) {
            Problem.invalid(ctx, f.errors);
            return;
        }
        long now = clock.millis();
        user.setOrganizationId(orgId).setRole(MEMBER_ROLE).setPasswordHash(hasher.hash(password))
            .setCreatedAtMs(now).setUpdatedAtMs(now).setCreatedByUserId(Http.principal(ctx).userId());
        UserRecord stored;
        try {
            stored = registry.users().create(user.build());
        } catch (DuplicateException e) {
            loginTaken(ctx, e);
            return;
        }
        LOG.info("event=user_created organization={} user={} by={}", orgId, stored.getId(), Http.principal(ctx).userId());
        ctx.response().putHeader("location", API + "/users/" + stored.getId());
        Http.json(ctx, 201, json(stored));
    }

    void put(RoutingContext ctx) {
        Optional<UserRecord> current = findUser(ctx);
        if (current.isEmpty() || ownerProtected(ctx, current.get(), "changed")) {
            return;
        }
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        Fields f = new Fields(body);
        UserRecord.Builder user = userFields(ctx, f, body, current.get().getOrganizationId());
        String password = f.raw("password");
        if (password != null) {
            PasswordPolicy.problems("password", password).forEach(f::add);
            if (!password.equals(f.raw("passwordRepeat"))) {
                f.add(new FieldError("passwordRepeat", "password-mismatch", "must repeat the password exactly"));
            }
        }
        if (!f.ok()) {
            Problem.invalid(ctx, f.errors);
            return;
        }
        UserRecord old = current.get();
        user.setId(old.getId()).setOrganizationId(old.getOrganizationId()).setRole(old.getRole())
            .setBlocked(old.getBlocked()).setCreatedAtMs(old.getCreatedAtMs()).setCreatedByUserId(old.getCreatedByUserId())
            .setUpdatedAtMs(clock.millis())
            .setPasswordHash(password == null ? old.getPasswordHash() : hasher.hash(password));
        UserRecord updated = user.build();
        try {
            if (!registry.users().update(updated)) {
                userNotFound(ctx);
                return;
            }
        } catch (DuplicateException e) {
            loginTaken(ctx, e);
            return;
        }
        if (password != null) {
            sessions.closeAll(updated.getId());
        }
        LOG.info("event=user_changed organization={} user={} by={}", updated.getOrganizationId(), updated.getId(),
            Http.principal(ctx).userId());
        Http.json(ctx, 200, json(updated));
    }

    void block(RoutingContext ctx, boolean blocked) {
        Optional<UserRecord> current = findUser(ctx);
        if (current.isEmpty() || ownerProtected(ctx, current.get(), blocked ? "blocked" : "unblocked")
            || self(ctx, current.get(), blocked ? "block" : "unblock")) {
            return;
        }
        UserRecord updated = current.get().toBuilder().setBlocked(blocked).setUpdatedAtMs(clock.millis()).build();
        if (!registry.users().update(updated)) {
            userNotFound(ctx);
            return;
        }
        int ended = blocked ? sessions.closeAll(updated.getId()) : 0;
        LOG.info("event=user_{} organization={} user={} by={} sessionsEnded={}", blocked ? "blocked" : "unblocked",
            updated.getOrganizationId(), updated.getId(), Http.principal(ctx).userId(), ended);
        Http.json(ctx, 200, json(updated));
    }

    void delete(RoutingContext ctx) {
        Optional<UserRecord> current = findUser(ctx);
        if (current.isEmpty() || ownerProtected(ctx, current.get(), "deleted") || self(ctx, current.get(), "delete")) {
            return;
        }
        UserRecord u = current.get();
        if (!registry.users().delete(u.getOrganizationId(), u.getId())) {
            userNotFound(ctx);
            return;
        }
        sessions.closeAll(u.getId());
        LOG.info("event=user_deleted organization={} user={} by={}", u.getOrganizationId(), u.getId(),
            Http.principal(ctx).userId());
        ctx.response().setStatusCode(204).end();
    }

    /** The fields a user record takes from a create or edit body (not the password). */
    private UserRecord.Builder userFields(RoutingContext ctx, Fields f, JsonObject body, long orgId) {
        String fullName = f.text("fullName", true, 200);
        String iin = f.text("iin", true, 12);
        if (iin != null) {
            Identifiers.idnProblem("iin", iin).ifPresent(f::add);
            if (f.ok() && !Identifiers.isIin(iin)) {
                f.add(new FieldError("iin", "not-an-iin", "a person's IIN, not a BIN"));
            }
        }
        String email = f.text("email", true, 254);
        if (email != null) {
            Identifiers.emailProblem("email", email).ifPresent(f::add);
        }
        String phoneText = f.text("phone", false, 32);
        Optional<String> phone = Identifiers.normalizePhone(phoneText);
        if (phoneText != null && phone.isEmpty()) {
            f.add(new FieldError("phone", "phone-format", "a Kazakhstan mobile number, +7 7xx xxx xx xx"));
        }
        String position = f.text("position", false, 200);
        Set<Long> groups = new LinkedHashSet<>();
        for (long id : Grants.ids(f, body, "groupIds", "")) {
            Optional<GroupRecord> group = registry.groups().get(orgId, id);
            if (group.isEmpty()) {
                f.add(new FieldError("groupIds", "unknown-group", "your organization has no group " + id));
            } else if (!Http.access(ctx).covers(group.get().getGrant())) {
                f.add(new FieldError("groupIds", "exceeds-own-rights", "group " + id + " gives rights you do not have"));
            } else {
                groups.add(id);
            }
        }
        AccessGrant grant = granted(ctx, f, body, orgId);
        UserRecord.Builder b = UserRecord.newBuilder().setGrant(grant).addAllGroupIds(groups);
        if (f.ok()) {
            b.setFullName(fullName).setIin(iin).setEmail(email.toLowerCase(java.util.Locale.ROOT))
                .setPhone(phone.orElse("")).setPosition(position == null ? "" : position);
        }
        return b;
    }

    /** The grant of a body, refused when it gives more than the acting user has (only the owner gives anything). */
    private AccessGrant granted(RoutingContext ctx, Fields f, JsonObject body, long orgId) {
        AccessGrant grant = Grants.read(f, body, "grant", registry, orgId);
        if (!Http.access(ctx).covers(grant)) {
            f.add(new FieldError("grant", "exceeds-own-rights", "you can give only rights you have yourself"));
        }
        return grant;
    }

    private Optional<UserRecord> findUser(RoutingContext ctx) {
        long id = Http.id(ctx, "userId");
        Optional<UserRecord> u = id > 0 ? registry.users().get(Http.principal(ctx).organizationId(), id) : Optional.empty();
        if (u.isEmpty()) {
            userNotFound(ctx);
        }
        return u;
    }

    private static boolean ownerProtected(RoutingContext ctx, UserRecord u, String what) {
        if (AccessResolver.OWNER_ROLE.equals(u.getRole())) {
            Problem.send(ctx, 409, "owner-protected", "Conflict",
                "the organization's owner (the user who signed it up) cannot be " + what + " here");
            return true;
        }
        return false;
    }

    private static boolean self(RoutingContext ctx, UserRecord u, String what) {
        if (u.getId() == Http.principal(ctx).userId()) {
            Problem.send(ctx, 409, "self", "Conflict", "you cannot " + what + " yourself");
            return true;
        }
        return false;
    }

    private static void userNotFound(RoutingContext ctx) {
        Problem.send(ctx, 404, "user-not-found", "Not Found", "your organization has no user " + ctx.pathParam("userId"));
    }

    private static void loginTaken(RoutingContext ctx, DuplicateException e) {
        Problem.send(ctx, 409, "login-taken", "Conflict", e.getMessage(),
            List.of(new FieldError(e.field(), "login-taken", "is already a login of a cabinet user")));
    }

    static JsonObject json(UserRecord u) {
        return new JsonObject().put("id", u.getId()).put("iin", u.getIin()).put("email", u.getEmail())
            .put("login", u.getEmail()).put("phone", u.getPhone().isEmpty() ? null : u.getPhone())
            .put("fullName", u.getFullName()).put("position", u.getPosition().isEmpty() ? null : u.getPosition())
            .put("owner", AccessResolver.OWNER_ROLE.equals(u.getRole())).put("blocked", u.getBlocked())
            .put("status", u.getBlocked() ? "BLOCKED" : "ACTIVE")
            .put("groupIds", new JsonArray(new ArrayList<>(u.getGroupIdsList())))
            .put("grant", Grants.json(u.getGrant()))
            .put("createdAt", Instant.ofEpochMilli(u.getCreatedAtMs()).toString());
    }

    // ---- groups ----

    void listGroups(RoutingContext ctx) {
        long orgId = Http.principal(ctx).organizationId();
        List<UserRecord> users = registry.users().list(orgId);
        JsonArray out = new JsonArray();
        registry.groups().list(orgId).forEach(g -> out.add(groupJson(g, users)));
        Http.json(ctx, 200, new JsonObject().put("groups", out));
    }

    void getGroup(RoutingContext ctx) {
        findGroup(ctx).ifPresent(g -> Http.json(ctx, 200, groupJson(g, registry.users().list(g.getOrganizationId()))));
    }

    void createGroup(RoutingContext ctx) {
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        long orgId = Http.principal(ctx).organizationId();
        Fields f = new Fields(body);
        String name = f.text("name", true, 100);
        AccessGrant grant = granted(ctx, f, body, orgId);
        List<UserRecord> members = members(f, body, orgId);
        if (!f.ok()) {
            Problem.invalid(ctx, f.errors);
            return;
        }
        long now = clock.millis();
        GroupRecord stored = registry.groups().create(GroupRecord.newBuilder().setOrganizationId(orgId).setName(name)
            .setGrant(grant).setCreatedAtMs(now).setUpdatedAtMs(now).build());
        setMembers(stored, members);
        LOG.info("event=group_created organization={} group={} by={}", orgId, stored.getId(), Http.principal(ctx).userId());
        ctx.response().putHeader("location", API + "/groups/" + stored.getId());
        Http.json(ctx, 201, groupJson(stored, registry.users().list(orgId)));
    }

    void putGroup(RoutingContext ctx) {
        Optional<GroupRecord> current = findGroup(ctx);
        if (current.isEmpty()) {
            return;
        }
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        long orgId = current.get().getOrganizationId();
        Fields f = new Fields(body);
        String name = f.text("name", true, 100);
        AccessGrant grant = granted(ctx, f, body, orgId);
        List<UserRecord> members = members(f, body, orgId);
        if (!f.ok()) {
            Problem.invalid(ctx, f.errors);
            return;
        }
        GroupRecord updated = current.get().toBuilder().setName(name).setGrant(grant).setUpdatedAtMs(clock.millis()).build();
        if (!registry.groups().update(updated)) {
            groupNotFound(ctx);
            return;
        }
        setMembers(updated, members);
        Http.json(ctx, 200, groupJson(updated, registry.users().list(orgId)));
    }

    void deleteGroup(RoutingContext ctx) {
        Optional<GroupRecord> current = findGroup(ctx);
        if (current.isEmpty()) {
            return;
        }
        GroupRecord g = current.get();
        setMembers(g, List.of());
        registry.groups().delete(g.getOrganizationId(), g.getId());
        LOG.info("event=group_deleted organization={} group={} by={}", g.getOrganizationId(), g.getId(),
            Http.principal(ctx).userId());
        ctx.response().setStatusCode(204).end();
    }

    /** @return the users named in {@code userIds} (each of this organization), problems added to {@code f} */
    private List<UserRecord> members(Fields f, JsonObject body, long orgId) {
        List<UserRecord> out = new ArrayList<>();
        for (long id : Grants.ids(f, body, "userIds", "")) {
            Optional<UserRecord> u = registry.users().get(orgId, id);
            if (u.isEmpty()) {
                f.add(new FieldError("userIds", "unknown-user", "your organization has no user " + id));
            } else if (out.stream().noneMatch(m -> m.getId() == id)) {
                out.add(u.get());
            }
        }
        return out;
    }

    /** Makes exactly {@code members} the group's members (membership is kept on each user). */
    private void setMembers(GroupRecord group, List<UserRecord> members) {
        for (UserRecord u : registry.users().list(group.getOrganizationId())) {
            boolean member = u.getGroupIdsList().contains(group.getId());
            boolean wanted = members.stream().anyMatch(m -> m.getId() == u.getId());
            if (member != wanted) {
                List<Long> ids = new ArrayList<>(u.getGroupIdsList());
                if (wanted) {
                    ids.add(group.getId());
                } else {
                    ids.remove(group.getId());
                }
                registry.users().update(u.toBuilder().clearGroupIds().addAllGroupIds(ids).build());
            }
        }
    }

    private Optional<GroupRecord> findGroup(RoutingContext ctx) {
        long id = Http.id(ctx, "groupId");
        Optional<GroupRecord> g = id > 0 ? registry.groups().get(Http.principal(ctx).organizationId(), id) : Optional.empty();
        if (g.isEmpty()) {
            groupNotFound(ctx);
        }
        return g;
    }

    private static void groupNotFound(RoutingContext ctx) {
        Problem.send(ctx, 404, "group-not-found", "Not Found", "your organization has no group " + ctx.pathParam("groupId"));
    }

    private static JsonObject groupJson(GroupRecord g, List<UserRecord> users) {
        JsonArray members = new JsonArray();
        for (UserRecord u : users) {
            if (u.getGroupIdsList().contains(g.getId())) {
                members.add(u.getId());
            }
        }
        return new JsonObject().put("id", g.getId()).put("name", g.getName()).put("grant", Grants.json(g.getGrant()))
            .put("userIds", members).put("createdAt", Instant.ofEpochMilli(g.getCreatedAtMs()).toString())
            .put("updatedAt", Instant.ofEpochMilli(g.getUpdatedAtMs()).toString());
    }
}
