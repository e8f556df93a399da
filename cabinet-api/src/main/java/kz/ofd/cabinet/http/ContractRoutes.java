package kz.ofd.cabinet.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import kz.ofd.cabinet.access.Level;
import kz.ofd.cabinet.access.Module;
import kz.ofd.cabinet.contract.Contracts;
import kz.ofd.cabinet.kkm.KkmProblem;
import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.registry.proto.ContractRecord;
import kz.ofd.cabinet.registry.proto.OrganizationRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Optional;

/**
 * «Подписание договора» (manual 000): the contract's state, the offer's text, the accession application to sign and
 * its signature. Module {@code organization}: view to read, manage to sign. Runs on worker threads.
 */
final class ContractRoutes {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd.MM.yyyy");
    private static final ZoneId ALMATY = ZoneId.of("Asia/Almaty");

    private final CabinetRegistry registry;
    private final Contracts contracts;

    ContractRoutes(CabinetRegistry registry, Contracts contracts) {
        this.registry = registry;
        this.contracts = contracts;
    }

    void register(io.vertx.ext.web.Router router, CabinetServer.SessionRoutes routes) {
        routes.add(router.get(CabinetServer.API + "/contract"), CabinetServer.need(Module.ORGANIZATION, Level.VIEW), this::get);
        routes.add(router.get(CabinetServer.API + "/contract/offer"), CabinetServer.need(Module.ORGANIZATION, Level.VIEW),
            this::offer);
        routes.add(router.post(CabinetServer.API + "/contract"), CabinetServer.need(Module.ORGANIZATION, Level.MANAGE),
            this::sign);
    }

    void get(RoutingContext ctx) {
        Optional<OrganizationRecord> org = registry.organizations().byId(Http.principal(ctx).organizationId());
        if (org.isEmpty()) {
            Problem.send(ctx, 404, "not-found", "Not Found", "the session's organization no longer exists");
            return;
        }
        Http.json(ctx, 200, state(org.get()));
    }

    void offer(RoutingContext ctx) {
        ctx.response().putHeader("content-type", "text/plain; charset=utf-8")
            .putHeader("content-disposition", "attachment; filename=\"offer-" + Contracts.OFFER_VERSION + ".txt\"")
            .end(Buffer.buffer(contracts.offer()));
    }

    void sign(RoutingContext ctx) {
        JsonObject body = Http.body(ctx);
        if (body == null) {
            return;
        }
        Optional<OrganizationRecord> org = registry.organizations().byId(Http.principal(ctx).organizationId());
        if (org.isEmpty()) {
            Problem.send(ctx, 404, "not-found", "Not Found", "the session's organization no longer exists");
            return;
        }
        try {
            String signature = body.getValue("signature") instanceof String s ? s : null;
            contracts.sign(org.get(), signature);
            ctx.response().putHeader("location", CabinetServer.API + "/contract");
            Http.json(ctx, 201, state(org.get()));
        } catch (KkmProblem p) {
            KkmRoutes.send(ctx, p);
        }
    }

    private JsonObject state(OrganizationRecord org) {
        JsonObject offer = new JsonObject().put("version", Contracts.OFFER_VERSION).put("title", Contracts.OFFER_TITLE)
            .put("sha256", contracts.offerSha256()).put("url", CabinetServer.API + "/contract/offer")
            .put("sample", true);
        Optional<ContractRecord> c = contracts.contract(org.getId());
        if (c.isPresent()) {
            return new JsonObject().put("status", "SIGNED")
                .put("statusText", "Договор № " + c.get().getNumber() + " от " + day(c.get().getSignedAtMs()))
                .put("number", c.get().getNumber()).put("signedAt", Instant.ofEpochMilli(c.get().getSignedAtMs()).toString())
                .put("documentId", c.get().getDocumentId()).put("offer", offer.put("version", c.get().getOfferVersion()));
        }
        String document = contracts.accessionDocument(org).encode();
        return new JsonObject().put("status", "NOT_SIGNED")
            .put("statusText", "Договор не подписан: подпишите заявление о присоединении ЭЦП")
            .put("offer", offer)
            .put("application", new JsonObject().put("kind", Contracts.KIND)
                .put("document", Base64.getEncoder().encodeToString(document.getBytes(StandardCharsets.UTF_8)))
                .put("documentText", document));
    }

    private static String day(long ms) {
        return DAY.format(Instant.ofEpochMilli(ms).atZone(ALMATY));
    }
}
