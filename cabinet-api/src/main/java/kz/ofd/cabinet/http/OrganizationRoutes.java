package kz.ofd.cabinet.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.registry.proto.OrganizationRecord;
import kz.ofd.cabinet.validate.FieldError;
import kz.ofd.cabinet.validate.Identifiers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The session's organization (manual 001 §1.3 and §15): its certificate data (read-only: kind, IIN/BIN, name),
 * addresses, bank details, head, contacts and VAT registration. PUT replaces every editable field at once.
 * Runs on worker threads.
 */
final class OrganizationRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(OrganizationRoutes.class);

    private final CabinetRegistry registry;
    private final Clock clock;

    OrganizationRoutes(CabinetRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    void get(RoutingContext ctx) {
        Optional<OrganizationRecord> org = registry.organizations().byId(Http.principal(ctx).organizationId());
        if (org.isEmpty()) {
            Problem.send(ctx, 404, "not-found", "Not Found", "the session's organization no longer exists");
            return;
        }
        Http.json(ctx, 200, json(org.get()));
    }

    void put(RoutingContext ctx) {
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        long orgId = Http.principal(ctx).organizationId();
        Optional<OrganizationRecord> current = registry.organizations().byId(orgId);
        if (current.isEmpty()) {
            Problem.send(ctx, 404, "not-found", "Not Found", "the session's organization no longer exists");
            return;
        }
        boolean legalEntity = AuthRoutes.LEGAL_ENTITY.equals(current.get().getKind());
        Fields f = new Fields(body);
        String businessForm = f.text("businessForm", false, 100);
        String legal = f.text("legalAddress", true, 500);
        String actual = f.text("actualAddress", true, 500);
        AuthRoutes.Bank bank = AuthRoutes.bank(f.object("bank"));
        Fields head = f.object("head");
        String headPosition = head.text("position", false, 200);
        String headName = head.text("name", legalEntity, 300);
        String headIin = head.text("iin", false, 12);
        if (headIin != null) {
            Identifiers.idnProblem(head.path("iin"), headIin).ifPresent(f::add);
            if (f.ok() && !Identifiers.isIin(headIin)) {
                f.add(new FieldError(head.path("iin"), "not-an-iin", "the head's IIN is a person's IIN, not a BIN"));
            }
        }
        Fields contacts = f.object("contacts");
        String phone = AuthRoutes.phone(contacts, "phone", true);
        String email = contacts.text("email", true, 254);
        if (email != null) {
            Identifiers.emailProblem(contacts.path("email"), email).ifPresent(f::add);
        }
        Fields vat = f.object("vat");
        boolean vatPayer = vat.bool("payer");
        String series = vat.text("certificateSeries", vatPayer, 10);
        String number = vat.text("certificateNumber", vatPayer, 10);
        if (series != null && !series.matches("[0-9]+")) {
            f.add(new FieldError(vat.path("certificateSeries"), "digits", "the VAT certificate series is digits"));
        }
        if (number != null && !number.matches("[0-9]+")) {
            f.add(new FieldError(vat.path("certificateNumber"), "digits", "the VAT certificate number is digits"));
        }
        if (!f.ok()) {
            Problem.invalid(ctx, f.errors);
            return;
        }
        OrganizationRecord update = current.get().toBuilder()
            .setBusinessForm(legalEntity ? "" : businessForm == null ? current.get().getBusinessForm() : businessForm)
            .setLegalAddress(legal)
            .setActualAddress(actual)
            .setBankBik(bank.bik())
            .setBankIik(bank.iik())
            .setHeadPosition(legalEntity && headPosition != null ? headPosition : "")
            .setHeadName(legalEntity ? headName : "")
            .setHeadIin(legalEntity && headIin != null ? headIin : "")
            .setPhone(phone)
            .setEmail(email)
            .setVatPayer(vatPayer)
            .setVatCertificateSeries(vatPayer ? series : "")
            .setVatCertificateNumber(vatPayer ? number : "")
            .setUpdatedAtMs(clock.millis())
            .build();
        Optional<OrganizationRecord> stored = registry.organizations().update(update);
        if (stored.isEmpty()) {
            Problem.send(ctx, 404, "not-found", "Not Found", "the session's organization no longer exists");
            return;
        }
        LOG.info("event=organization_updated organization={} user={}", orgId, Http.principal(ctx).userId());
        Http.json(ctx, 200, json(stored.get()));
    }

    static JsonObject json(OrganizationRecord o) {
        boolean legalEntity = AuthRoutes.LEGAL_ENTITY.equals(o.getKind());
        JsonObject json = new JsonObject()
            .put("id", o.getId())
            .put("kind", o.getKind())
            .put("idn", o.getIdn())
            .put("name", o.getName())
            .put("legalAddress", o.getLegalAddress())
            .put("actualAddress", o.getActualAddress())
            .put("bank", o.getBankIik().isEmpty() ? null : new JsonObject().put("bik", o.getBankBik()).put("iik", o.getBankIik()))
            .put("contacts", new JsonObject().put("phone", o.getPhone()).put("email", o.getEmail()))
            .put("vat", new JsonObject().put("payer", o.getVatPayer())
                .put("certificateSeries", o.getVatPayer() ? o.getVatCertificateSeries() : null)
                .put("certificateNumber", o.getVatPayer() ? o.getVatCertificateNumber() : null))
            .put("signedUpBy", o.getSignedUpBy())
            .put("createdAt", Instant.ofEpochMilli(o.getCreatedAtMs()).toString())
            .put("updatedAt", Instant.ofEpochMilli(o.getUpdatedAtMs()).toString());
        if (legalEntity) {
            json.put("head", new JsonObject().put("position", o.getHeadPosition()).put("name", o.getHeadName())
                .put("iin", o.getHeadIin().isEmpty() ? null : o.getHeadIin()));
        } else {
            json.put("businessForm", o.getBusinessForm());
        }
        return json;
    }
}
