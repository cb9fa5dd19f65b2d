package io.reelpipe.pipeline.security;

import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Writes an RFC 9457 {@code application/problem+json} body straight to the response, for web filters that answer
 * before any controller runs. Same shape as the services' own problems: {@code type, title, status, detail,
 * instance, code, reason}.
 */
public final class Problems {

    public static final String TYPE_BASE = "https://reelpipe.io/problems/";

    private Problems() {
    }

    public static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String code, String detail) {
        ServerHttpResponse res = exchange.getResponse();
        res.setStatusCode(status);
        res.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            res.getHeaders().set("WWW-Authenticate", "Bearer realm=\"reelpipe\"");
        }
        String json = "{\"type\":\"" + TYPE_BASE + code + "\",\"title\":\"" + esc(status.getReasonPhrase())
                + "\",\"status\":" + status.value() + ",\"detail\":\"" + esc(detail) + "\",\"instance\":\""
                + esc(exchange.getRequest().getPath().value()) + "\",\"code\":\"" + esc(code) + "\",\"reason\":\""
                + esc(detail) + "\"}";
        DataBuffer buf = res.bufferFactory().wrap(json.getBytes(StandardCharsets.UTF_8));
        res.getHeaders().setContentLength(buf.readableByteCount());
        return res.writeWith(Mono.just(buf));
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
