package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.access.Level;
import kz.ofd.cabinet.access.Module;
import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.registry.proto.AccessGrant;
import kz.ofd.cabinet.registry.proto.ModuleGrant;
import kz.ofd.cabinet.validate.FieldError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the JSON form of an {@link AccessGrant}: {@code {modules: [{module, level}], allTradePoints,
 * tradePointIds: []}}, reporting every bad entry as a field error ({@code grant.modules[1].module}).
 */
final class Grants {

    private Grants() {
    }

    /** @return the grant (empty when absent), with problems added to {@code f} */
    static AccessGrant read(Fields f, JsonObject body, String name, CabinetRegistry registry, long organizationId) {
        Object raw = body.getValue(name);
        if (raw == null) {
            return AccessGrant.getDefaultInstance();
        }
        if (!(raw instanceof JsonObject g)) {
            f.add(new FieldError(name, "type", "must be an object"));
            return AccessGrant.getDefaultInstance();
        }
        AccessGrant.Builder out = AccessGrant.newBuilder();
        Map<Module, Level> levels = new LinkedHashMap<>();
        Object modules = g.getValue("modules");
        if (modules != null && !(modules instanceof JsonArray)) {
            f.add(new FieldError(name + ".modules", "type", "must be an array"));
        } else if (modules != null) {
            JsonArray list = (JsonArray) modules;
            for (int i = 0; i < list.size(); i++) {
                String at = name + ".modules[" + i + "]";
                if (!(list.getValue(i) instanceof JsonObject m)) {
                    f.add(new FieldError(at, "type", "must be an object {module, level}"));
                    continue;
                }
                Module module = m.getValue("module") instanceof String s ? Module.of(s).orElse(null) : null;
                Level level = m.getValue("level") instanceof String s ? Level.of(s).orElse(null) : null;
                if (module == null) {
                    f.add(new FieldError(at + ".module", "unknown-module", "one of " + moduleCodes()));
                }
                if (level == null) {
                    f.add(new FieldError(at + ".level", "unknown-level", "view or manage"));
                }
                if (module != null && level != null) {
                    levels.merge(module, level, (a, b) -> a.covers(b) ? a : b);
                }
            }
        }
        levels.forEach((m, l) -> out.addModules(ModuleGrant.newBuilder().setModule(m.code()).setLevel(l.code())));
        Object all = g.getValue("allTradePoints");
        if (all != null && !(all instanceof Boolean)) {
            f.add(new FieldError(name + ".allTradePoints", "type", "must be true or false"));
        }
        out.setAllTradePoints(Boolean.TRUE.equals(all));
        if (!out.getAllTradePoints()) {
            for (long id : ids(f, g, "tradePointIds", name + ".")) {
                if (registry.tradePoints().get(organizationId, id).isEmpty()) {
                    f.add(new FieldError(name + ".tradePointIds", "unknown-trade-point",
                        "your organization has no trade point " + id));
                } else if (!out.getTradePointIdsList().contains(id)) {
                    out.addTradePointIds(id);
                }
            }
        }
        return out.build();
    }

    /** @return the positive ids of an array field (absent = none), with problems added to {@code f} */
    static List<Long> ids(Fields f, JsonObject body, String name, String prefix) {
        List<Long> out = new ArrayList<>();
        Object raw = body.getValue(name);
        if (raw == null) {
            return out;
        }
        if (!(raw instanceof JsonArray list)) {
            f.add(new FieldError(prefix + name, "type", "must be an array of ids"));
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            Object v = list.getValue(i);
            if (v instanceof Number n && n.longValue() > 0 && n.doubleValue() == n.longValue()) {
                out.add(n.longValue());
            } else {
                f.add(new FieldError(prefix + name + "[" + i + "]", "type", "must be a positive integer id"));
            }
        }
        return out;
    }

    static JsonObject json(AccessGrant g) {
        JsonArray modules = new JsonArray();
        for (ModuleGrant m : g.getModulesList()) {
            modules.add(new JsonObject().put("module", m.getModule()).put("level", m.getLevel()));
        }
        return new JsonObject().put("modules", modules).put("allTradePoints", g.getAllTradePoints())
            .put("tradePointIds", new JsonArray(new ArrayList<>(g.getTradePointIdsList())));
    }

    private static String moduleCodes() {
        List<String> codes = new ArrayList<>();
        for (Module m : Module.values()) {
            codes.add(m.code());
        }
        return String.join(", ", codes);
    }
}
