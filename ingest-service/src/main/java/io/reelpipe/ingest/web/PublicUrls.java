package io.reelpipe.ingest.web;

import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Absolute URLs as the client sees them behind a proxy: {@code Forwarded} (RFC 7239, first element) or
 * {@code X-Forwarded-Proto}/{@code X-Forwarded-Host}/{@code X-Forwarded-Port}/{@code X-Forwarded-Prefix}, else the
 * request's own scheme and host.
 */
public final class PublicUrls {

    private PublicUrls() {
    }

    public static String base(ServerHttpRequest request) {
        HttpHeaders h = request.getHeaders();
        String proto = null;
        String host = null;
        String forwarded = h.getFirst("Forwarded");
        if (forwarded != null) {
            String first = forwarded.split(",")[0];
            for (String kv : first.split(";")) {
                String[] p = kv.strip().split("=", 2);
                if (p.length == 2) {
                    String v = p[1].strip().replace("\"", "");
                    switch (p[0].strip().toLowerCase(Locale.ROOT)) {
                        case "proto" -> proto = v;
                        case "host" -> host = v;
                        default -> {
                        }
                    }
                }
            }
        }
        if (proto == null) {
            proto = firstValue(h.getFirst("X-Forwarded-Proto"));
        }
        if (host == null) {
            host = firstValue(h.getFirst("X-Forwarded-Host"));
            String port = firstValue(h.getFirst("X-Forwarded-Port"));
            if (host != null && port != null && !host.contains(":")
                    && !("https".equals(proto) && "443".equals(port)) && !("http".equals(proto) && "80".equals(port))) {
                host = host + ":" + port;
            }
        }
        if (proto == null) {
            proto = request.getURI().getScheme() == null ? "http" : request.getURI().getScheme();
        }
        if (host == null) {
            host = h.getFirst(HttpHeaders.HOST);
            if (host == null) {
                host = request.getURI().getAuthority();
            }
        }
        String prefix = firstValue(h.getFirst("X-Forwarded-Prefix"));
        if (prefix == null || !prefix.startsWith("/")) {
            prefix = "";
        } else if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (!proto.matches("https?") || host == null || !host.matches("[A-Za-z0-9.\\-:\\[\\]]+")) {
            // never echo something unusable into a Location header
            return "";
        }
        return proto + "://" + host + prefix;
    }

    private static String firstValue(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        return v.split(",")[0].strip();
    }
}
