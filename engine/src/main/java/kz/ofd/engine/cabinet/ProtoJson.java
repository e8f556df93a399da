package kz.ofd.engine.cabinet;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.Money;

import java.util.List;
import java.util.Map;

/**
 * A protocol message as cabinet JSON: field names in lowerCamelCase, enums by name, {@code Money} as an integer
 * number of tiyn (never floating point), {@code DateTime} as a local ISO date-time, byte fields as UTF-8 text.
 * Walks the descriptors, so receipts and reports show every field the register sent without a hand mapping per field.
 */
final class ProtoJson {

    private ProtoJson() {
    }

    static JsonObject of(Message message) {
        JsonObject json = new JsonObject();
        for (Map.Entry<FieldDescriptor, Object> f : message.getAllFields().entrySet()) {
            FieldDescriptor d = f.getKey();
            if (d.isRepeated()) {
                JsonArray values = new JsonArray();
                for (Object v : (List<?>) f.getValue()) {
                    values.add(value(d, v));
                }
                json.put(d.getJsonName(), values);
            } else {
                json.put(d.getJsonName(), value(d, f.getValue()));
            }
        }
        return json;
    }

    private static Object value(FieldDescriptor d, Object v) {
        return switch (d.getJavaType()) {
            case MESSAGE -> v instanceof Money m ? (Object) MoneyCodec.toTiyn(m)
                : v instanceof DateTime t ? dateTime(t) : of((Message) v);
            case ENUM -> ((com.google.protobuf.Descriptors.EnumValueDescriptor) v).getName();
            case BYTE_STRING -> ((com.google.protobuf.ByteString) v).toStringUtf8();
            default -> v;
        };
    }

    /** @return the register's local date-time as {@code yyyy-MM-ddTHH:mm:ss} */
    static String dateTime(DateTime t) {
        return String.format(java.util.Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d", t.getDate().getYear(),
            t.getDate().getMonth(), t.getDate().getDay(), t.getTime().getHour(), t.getTime().getMinute(),
            t.getTime().getSecond());
    }
}
