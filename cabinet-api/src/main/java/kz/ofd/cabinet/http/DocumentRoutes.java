package kz.ofd.cabinet.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.registry.proto.KkmRecord;
import kz.ofd.cabinet.registry.proto.SignedApplicationRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * «Документы» (manual 001 §14): what the organization signed, each with the exact document and the owner's CMS,
 * listed and downloaded: the KKM applications sent to KGD (registration, re-registration, deregistration, kept in the
 * KKM's record), the contract accession application ({@code CONTRACT_ACCESSION}) and the tariff applications
 * ({@code TARIFF_APPLICATION}, kept in the registry's organization documents). Needs {@code documents:view}
 * (organization-wide). A document id of another organization is not found: the lookup only walks the session
 * organization's KKMs and documents.
 */
final class DocumentRoutes {

    private final CabinetRegistry registry;

    DocumentRoutes(CabinetRegistry registry) {
        this.registry = registry;
    }

    void list(RoutingContext ctx) {
        long org = Http.principal(ctx).organizationId();
        JsonArray documents = new JsonArray();
        for (SignedApplicationRecord a : registry.organizationDocuments().list(org)) {
            documents.add(summary(a.getKkmId() == 0 ? null : registry.kkms().get(org, a.getKkmId()).orElse(null), a));
        }
        for (KkmRecord k : registry.kkms().list(org)) {
            for (SignedApplicationRecord a : k.getApplicationsList()) {
                documents.add(summary(k, a));
            }
        }
        Http.json(ctx, 200, new JsonObject().put("documents", documents));
    }

    void get(RoutingContext ctx) {
        String id = ctx.pathParam("documentId");
        long org = Http.principal(ctx).organizationId();
        for (SignedApplicationRecord a : registry.organizationDocuments().list(org)) {
            if (a.getId().equals(id)) {
                answer(ctx, a.getKkmId() == 0 ? null : registry.kkms().get(org, a.getKkmId()).orElse(null), a);
                return;
            }
        }
        for (KkmRecord k : registry.kkms().list(org)) {
            for (SignedApplicationRecord a : k.getApplicationsList()) {
                if (a.getId().equals(id)) {
                    answer(ctx, k, a);
                    return;
                }
            }
        }
        Problem.send(ctx, 404, "document-not-found", "Not Found", "your organization has no document " + id);
    }

    private static void answer(RoutingContext ctx, KkmRecord k, SignedApplicationRecord a) {
        String part = ctx.request().getParam("part");
        String name = "application-" + a.getId();
        if ("document".equals(part)) {
            ctx.response().putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("content-disposition", "attachment; filename=\"" + name + ".json\"")
                .end(Buffer.buffer(a.getDocument().getBytes(StandardCharsets.UTF_8)));
        } else if ("signature".equals(part)) {
            ctx.response().putHeader("content-type", "application/pkcs7-signature")
                .putHeader("content-disposition", "attachment; filename=\"" + name + ".p7s\"")
                .end(Buffer.buffer(a.getSignature().toByteArray()));
        } else if (part == null) {
            Http.json(ctx, 200, summary(k, a).put("document", a.getDocument())
                .put("signature", Base64.getEncoder().encodeToString(a.getSignature().toByteArray())));
        } else {
            Problem.invalid(ctx, java.util.List.of(new kz.ofd.cabinet.validate.FieldError("part", "type",
                "document or signature")));
        }
    }

    /** @param k the KKM the document is about, or {@code null} (the contract) */
    private static JsonObject summary(KkmRecord k, SignedApplicationRecord a) {
        return new JsonObject().put("id", a.getId()).put("kind", a.getKind())
            .put("kkmId", k == null ? null : k.getId()).put("kkmName", k == null ? null : k.getName())
            .put("serialNumber", k == null ? null : k.getSerialNumber())
            .put("contractNumber", a.getContractNumber().isEmpty() ? null : a.getContractNumber())
            .put("signedAt", Instant.ofEpochMilli(a.getSignedAtMs()).toString());
    }
}
