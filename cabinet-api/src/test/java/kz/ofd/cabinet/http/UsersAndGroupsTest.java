package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.TestIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Users (manual 001 §12) and groups (§13) over HTTP: adding with a password, logging in with the e-mail or IIN,
 * editing, blocking (sessions end, login refused), unblocking, deleting, the owner's protection, field-level
 * problems, and rights given by groups.
 */
@Timeout(120)
class UsersAndGroupsTest {

    @TempDir
    Path dir;
    CabinetFixture cabinet;
    String owner;
    long ownerId;

    @BeforeEach
    void start() throws Exception {
        cabinet = new CabinetFixture(dir);
        CabinetFixture.Answer signedUp = cabinet.signUpOrganization();
        owner = signedUp.json().getString("token");
        ownerId = signedUp.json().getJsonObject("user").getLong("id");
    }

    @AfterEach
    void stop() {
        cabinet.close();
    }

    @Test
    void shouldAddAUserWhoLogsInWithEmailOrIin() throws Exception {
        JsonObject user = cabinet.addUser(owner, 1, CabinetFixture.grant("kkms:view"));
        assertEquals("user1@example.kz", user.getString("login"));
        assertEquals("Кассир", user.getString("position"));
        assertEquals("ACTIVE", user.getString("status"));
        assertFalse(user.getBoolean("owner"));
        assertFalse(user.encode().contains("password"), "no password or hash in answers: " + user.encode());
        String byEmail = cabinet.login("USER1@example.kz");
        String byIin = cabinet.login(TestIds.iin(501));
        assertEquals(user.getLong("id"), cabinet.get("/api/v1/me", byEmail).json().getJsonObject("user").getLong("id"));
        assertEquals(200, cabinet.get("/api/v1/me", byIin).status());
        JsonArray users = cabinet.get("/api/v1/users", owner).json().getJsonArray("users");
        assertEquals(2, users.size(), users.encode());
        assertTrue(users.getJsonObject(0).getBoolean("owner"), "the owner is listed first");
        assertEquals(200, cabinet.get("/api/v1/users/" + user.getLong("id"), owner).status());
    }

    @Test
    void shouldReportEveryBadFieldAtOnce() throws Exception {
        JsonObject body = new JsonObject().put("fullName", " ").put("iin", TestIds.withWrongCheckDigit(TestIds.iin(7)))
            .put("email", "not-an-email").put("phone", "12345").put("password", "short").put("passwordRepeat", "other")
            .put("groupIds", new JsonArray().add(999)).put("grant", new JsonObject()
                .put("modules", new JsonArray().add(new JsonObject().put("module", "kassa").put("level", "all")))
                .put("tradePointIds", new JsonArray().add(12345)));
        CabinetFixture.Answer a = cabinet.post("/api/v1/users", owner, body);
        assertEquals(400, a.status(), a.raw().body());
        assertEquals("invalid-request", a.type());
        List<String> codes = a.errorCodes();
        for (String expected : List.of("fullName:required", "iin:idn-checksum", "email:email-format", "phone:phone-format",
            "password:password-too-short", "passwordRepeat:password-mismatch", "groupIds:unknown-group",
            "grant.modules[0].module:unknown-module", "grant.modules[0].level:unknown-level",
            "grant.tradePointIds:unknown-trade-point")) {
            assertTrue(codes.contains(expected), expected + " in " + codes);
        }
        CabinetFixture.Answer bin = cabinet.post("/api/v1/users", owner, CabinetFixture.newUser(2, null)
            .put("iin", TestIds.bin(77)));
        assertTrue(bin.errorCodes().contains("iin:not-an-iin"), bin.raw().body());
        CabinetFixture.Answer ids = cabinet.post("/api/v1/users", owner, CabinetFixture.newUser(2, null)
            .put("groupIds", new JsonArray().add("x")));
        assertTrue(ids.errorCodes().contains("groupIds[0]:type"), ids.raw().body());
        assertEquals(1, cabinet.get("/api/v1/users", owner).json().getJsonArray("users").size(), "nothing stored");
    }

    @Test
    void shouldRefuseATakenLoginWithTheField() throws Exception {
        cabinet.addUser(owner, 1, null);
        CabinetFixture.Answer sameEmail = cabinet.post("/api/v1/users", owner, CabinetFixture.newUser(2, null)
            .put("email", "User1@Example.kz"));
        assertEquals(409, sameEmail.status(), sameEmail.raw().body());
        assertEquals(List.of("email:login-taken"), sameEmail.errorCodes());
        CabinetFixture.Answer sameIin = cabinet.post("/api/v1/users", owner, CabinetFixture.newUser(3, null)
            .put("iin", TestIds.iin(501)));
        assertEquals(List.of("iin:login-taken"), sameIin.errorCodes());
    }

    @Test
    void shouldEditAUserAndMoveTheirLogin() throws Exception {
        long id = cabinet.addUser(owner, 1, null).getLong("id");
        String session = cabinet.login("user1@example.kz");
        JsonObject edit = CabinetFixture.newUser(1, CabinetFixture.grant("reports:view")).put("email", "renamed@example.kz")
            .put("position", "Бухгалтер");
        edit.remove("password");
        edit.remove("passwordRepeat");
        CabinetFixture.Answer a = cabinet.call("PUT", "/api/v1/users/" + id, owner, edit);
        assertEquals(200, a.status(), a.raw().body());
        assertEquals("Бухгалтер", a.json().getString("position"));
        assertEquals(401, cabinet.post("/api/v1/sessions/password", null, new JsonObject().put("login", "user1@example.kz")
            .put("password", CabinetFixture.PASSWORD)).status(), "the old e-mail is no longer a login");
        cabinet.login("renamed@example.kz");
        assertEquals(200, cabinet.get("/api/v1/me", session).status(), "an edit without a password keeps sessions");
        CabinetFixture.Answer weak = cabinet.call("PUT", "/api/v1/users/" + id, owner, edit.copy().put("password", "weakpass1")
            .put("passwordRepeat", "weakpass1"));
        assertTrue(weak.errorCodes().contains("password:password-no-uppercase"), weak.raw().body());
        String newPassword = "Other-Pass2";
        assertEquals(200, cabinet.call("PUT", "/api/v1/users/" + id, owner, edit.copy().put("password", newPassword)
            .put("passwordRepeat", newPassword)).status());
        assertEquals(401, cabinet.get("/api/v1/me", session).status(), "a new password ends the user's sessions");
        assertEquals(201, cabinet.post("/api/v1/sessions/password", null, new JsonObject().put("login", "renamed@example.kz")
            .put("password", newPassword)).status());
    }

    @Test
    void shouldBlockUnblockAndDelete() throws Exception {
        long id = cabinet.addUser(owner, 1, CabinetFixture.grant("kkms:view")).getLong("id");
        String session = cabinet.login("user1@example.kz");
        assertEquals(200, cabinet.get("/api/v1/trade-points", session).status());
        CabinetFixture.Answer blocked = cabinet.post("/api/v1/users/" + id + "/block", owner, null);
        assertEquals(200, blocked.status(), blocked.raw().body());
        assertEquals("BLOCKED", blocked.json().getString("status"));
        assertEquals(401, cabinet.get("/api/v1/trade-points", session).status(), "the blocked user's session ended");
        CabinetFixture.Answer refused = cabinet.post("/api/v1/sessions/password", null,
            new JsonObject().put("login", "user1@example.kz").put("password", CabinetFixture.PASSWORD));
        assertEquals(403, refused.status(), refused.raw().body());
        assertEquals("user-blocked", refused.type());
        CabinetFixture.Answer wrong = cabinet.post("/api/v1/sessions/password", null,
            new JsonObject().put("login", "user1@example.kz").put("password", "Wrong-Pass1"));
        assertEquals("login-failed", wrong.type(), "a wrong password does not reveal the block");
        assertEquals(200, cabinet.post("/api/v1/users/" + id + "/unblock", owner, null).status());
        String again = cabinet.login("user1@example.kz");
        assertEquals(200, cabinet.get("/api/v1/trade-points", again).status());
        assertEquals(204, cabinet.call("DELETE", "/api/v1/users/" + id, owner, null).status());
        assertEquals(401, cabinet.get("/api/v1/me", again).status(), "the deleted user's session ended");
        assertEquals(401, cabinet.post("/api/v1/sessions/password", null, new JsonObject().put("login", "user1@example.kz")
            .put("password", CabinetFixture.PASSWORD)).status());
        assertEquals(404, cabinet.get("/api/v1/users/" + id, owner).status());
        cabinet.addUser(owner, 1, null);
    }

    @Test
    void shouldProtectTheOwnerAndRefuseSelfBlocking() throws Exception {
        long adminId = cabinet.addUser(owner, 1, CabinetFixture.grant("users:manage")).getLong("id");
        String admin = cabinet.login("user1@example.kz");
        for (String path : List.of("/block", "/unblock")) {
            CabinetFixture.Answer a = cabinet.post("/api/v1/users/" + ownerId + path, admin, null);
            assertEquals(409, a.status(), a.raw().body());
            assertEquals("owner-protected", a.type());
        }
        assertEquals("owner-protected", cabinet.call("DELETE", "/api/v1/users/" + ownerId, admin, null).type());
        assertEquals("owner-protected", cabinet.call("PUT", "/api/v1/users/" + ownerId, admin,
            CabinetFixture.newUser(9, null)).type());
        assertEquals("self", cabinet.post("/api/v1/users/" + adminId + "/block", admin, null).type());
        assertEquals("self", cabinet.call("DELETE", "/api/v1/users/" + adminId, admin, null).type());
        assertEquals(200, cabinet.get("/api/v1/me", owner).status());
    }

    @Test
    void shouldGiveRightsThroughGroupsAndTakeThemBack() throws Exception {
        long userId = cabinet.addUser(owner, 1, null).getLong("id");
        String user = cabinet.login("user1@example.kz");
        CabinetFixture.Answer none = cabinet.get("/api/v1/trade-points", user);
        assertEquals(403, none.status());
        assertEquals("forbidden", none.type());
        assertEquals("kkms:view", none.json().getString("permission"));
        CabinetFixture.Answer group = cabinet.post("/api/v1/groups", owner, new JsonObject().put("name", "Кассиры")
            .put("grant", CabinetFixture.grant("kkms:view", "organization:view")).put("userIds", new JsonArray().add(userId)));
        assertEquals(201, group.status(), group.raw().body());
        long groupId = group.json().getLong("id");
        assertEquals(new JsonArray().add(userId), group.json().getJsonArray("userIds"));
        assertEquals(new JsonArray().add(groupId), cabinet.get("/api/v1/users/" + userId, owner).json().getJsonArray("groupIds"));
        assertEquals(200, cabinet.get("/api/v1/trade-points", user).status(), "the group gives kkms:view");
        assertEquals(200, cabinet.get("/api/v1/organization", user).status());
        CabinetFixture.Answer manage = cabinet.post("/api/v1/trade-points", user, OrganizationAndTradePointTest.point("Х"));
        assertEquals(403, manage.status(), "view does not give manage");
        assertEquals("kkms:manage", manage.json().getString("permission"));
        CabinetFixture.Answer second = cabinet.post("/api/v1/groups", owner, new JsonObject().put("name", "Старшие")
            .put("grant", CabinetFixture.grant("kkms:manage")).put("userIds", new JsonArray().add(userId)));
        assertEquals(201, cabinet.post("/api/v1/trade-points", user, OrganizationAndTradePointTest.point("Х")).status(),
            "rights are the union of the groups");
        assertEquals(2, cabinet.get("/api/v1/groups", owner).json().getJsonArray("groups").size());
        assertEquals(204, cabinet.call("DELETE", "/api/v1/groups/" + second.json().getLong("id"), owner, null).status());
        assertEquals(403, cabinet.post("/api/v1/trade-points", user, OrganizationAndTradePointTest.point("Y")).status());
        CabinetFixture.Answer emptied = cabinet.call("PUT", "/api/v1/groups/" + groupId, owner, new JsonObject()
            .put("name", "Кассиры").put("grant", CabinetFixture.grant("kkms:view")).put("userIds", new JsonArray()));
        assertEquals(200, emptied.status(), emptied.raw().body());
        assertEquals(403, cabinet.get("/api/v1/trade-points", user).status(), "leaving the group takes its rights away");
        CabinetFixture.Answer bad = cabinet.post("/api/v1/groups", owner, new JsonObject()
            .put("userIds", new JsonArray().add(424242)).put("grant", "all"));
        assertEquals(400, bad.status());
        assertTrue(bad.errorCodes().containsAll(List.of("name:required", "userIds:unknown-user", "grant:type")),
            bad.raw().body());
        assertEquals(403, cabinet.post("/api/v1/groups", user, new JsonObject().put("name", "x")).status());
    }

    @Test
    void shouldNotLetAUserManagerGiveMoreThanTheyHave() throws Exception {
        long groupAll = cabinet.post("/api/v1/groups", owner, new JsonObject().put("name", "Всё")
            .put("grant", CabinetFixture.grant("kkms:manage", "users:manage"))).json().getLong("id");
        long selfId = cabinet.addUser(owner, 1, CabinetFixture.grant("users:manage", "kkms:view")).getLong("id");
        String manager = cabinet.login("user1@example.kz");
        CabinetFixture.Answer more = cabinet.post("/api/v1/users", manager, CabinetFixture.newUser(2,
            CabinetFixture.grant("kkms:manage")));
        assertEquals(400, more.status(), more.raw().body());
        assertEquals(List.of("grant:exceeds-own-rights"), more.errorCodes());
        assertEquals(List.of("groupIds:exceeds-own-rights"), cabinet.post("/api/v1/users", manager,
            CabinetFixture.newUser(3, null).put("groupIds", new JsonArray().add(groupAll))).errorCodes());
        assertEquals(List.of("grant:exceeds-own-rights"), cabinet.post("/api/v1/groups", manager, new JsonObject()
            .put("name", "Побег").put("grant", CabinetFixture.grant("organization:manage"))
            .put("userIds", new JsonArray().add(selfId))).errorCodes());
        assertEquals(201, cabinet.post("/api/v1/users", manager, CabinetFixture.newUser(4,
            CabinetFixture.grant("kkms:view"))).status(), "rights the manager has can be given");
        assertEquals(201, cabinet.post("/api/v1/users", owner, CabinetFixture.newUser(5,
            CabinetFixture.grant("kkms:manage")).put("groupIds", new JsonArray().add(groupAll))).status(),
            "the owner gives anything");
    }
}
