package io.reelpipe.gateway.web;

import io.reelpipe.gateway.GatewayProperties;
import io.reelpipe.gateway.hls.PlaylistRewriter;
import io.reelpipe.gateway.signing.UrlSigner;
import io.reelpipe.gateway.storage.ObjectReader;
import io.reelpipe.gateway.storage.StoredObject;
import io.reelpipe.pipeline.security.Problems;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Serves one object: {@code Range} (single range → 206, past the end → 416 with {@code Content-Range: bytes *}/size),
 * {@code If-None-Match}/{@code If-Modified-Since} → 304, {@code If-Range}, {@code HEAD}, Content-Type by extension,
 * Cache-Control by kind. The body is streamed from S3 (a ranged GET for a range), never buffered whole; only a
 * playlist served through a signed URL is read into memory, to sign its URIs.
 */
@Component
public class FileServer {

    /** Larger playlists are served unsigned rather than read into memory. */
    static final int MAX_PLAYLIST = 2 * 1024 * 1024;

    private final ObjectReader reader;
    private final UrlSigner signer;
    private final GatewayProperties props;

    public FileServer(ObjectReader reader, UrlSigner signer, GatewayProperties props) {
        this.reader = reader;
        this.signer = signer;
        this.props = props;
    }

    /**
     * @param signedExp for a request through a signed URL, its expiry (epoch seconds), else -1: playlist URIs are then
     *                  signed with the same expiry so a player without a key can follow them
     */
    public Mono<Void> serve(ServerWebExchange exchange, AssetPaths.Target target, long signedExp) {
        return reader.stat(target.key()).flatMap(found -> {
            if (found.isEmpty()) {
                return Mono.error(GatewayException.notFound("no file '" + AssetPaths.safe(target.path())
                        + "' in asset '" + target.assetId() + "'"));
            }
            StoredObject obj = found.get();
            if (signedExp >= 0 && ContentTypes.isPlaylist(target.path()) && obj.size() <= MAX_PLAYLIST) {
                return signedPlaylist(exchange, target, obj, signedExp);
            }
            return object(exchange, target, obj, signedExp >= 0);
        });
    }

    private Mono<Void> object(ServerWebExchange exchange, AssetPaths.Target target, StoredObject obj, boolean shared) {
        ServerHttpResponse res = exchange.getResponse();
        HttpHeaders h = res.getHeaders();
        String etag = "\"" + obj.etag() + "\"";
        h.set(HttpHeaders.CACHE_CONTROL, ContentTypes.cacheControl(target.path(), shared, props.segmentMaxAge()));
        h.set(HttpHeaders.ACCEPT_RANGES, "bytes");
        h.set("X-Content-Type-Options", "nosniff");
        if (exchange.checkNotModified(etag, obj.lastModified())) {
            return res.setComplete(); // 304 (or 412 for a failed If-Match), ETag and Last-Modified set
        }
        h.setETag(etag);
        h.setLastModified(obj.lastModified());
        h.setContentType(MediaType.parseMediaType(ContentTypes.of(target.path(), obj.contentType())));
        long size = obj.size();
        String rangeHeader = exchange.getRequest().getHeaders().getFirst(HttpHeaders.RANGE);
        if (rangeHeader != null && !ifRangeHolds(exchange, etag, obj)) {
            rangeHeader = null;
        }
        ByteRange range = ByteRange.parse(rangeHeader, size);
        if (range == ByteRange.UNSATISFIABLE) {
            h.set(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
            h.remove(HttpHeaders.CACHE_CONTROL);
            return Problems.write(exchange, HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "range-not-satisfiable",
                    "the range '" + AssetPaths.safe(rangeHeader) + "' lies outside the file's " + size + " bytes");
        }
        long offset = 0;
        long length = size;
        if (range != ByteRange.NONE) {
            offset = range.start();
            length = range.length();
            res.setStatusCode(HttpStatus.PARTIAL_CONTENT);
            h.set(HttpHeaders.CONTENT_RANGE, "bytes " + range.start() + "-" + range.end() + "/" + size);
        }
        h.setContentLength(length);
        if (HttpMethod.HEAD.equals(exchange.getRequest().getMethod())) {
            return res.setComplete();
        }
        return res.writeWith(reader.read(target.key(), offset, length, res.bufferFactory()));
    }

    private Mono<Void> signedPlaylist(ServerWebExchange exchange, AssetPaths.Target target, StoredObject obj,
                                      long exp) {
        return reader.readAll(target.key()).flatMap(bytes -> {
            String text = new String(bytes, StandardCharsets.UTF_8);
            String signed = PlaylistRewriter.rewrite(text, target.path(), resolved -> childUri(target, resolved, exp));
            byte[] body = signed.getBytes(StandardCharsets.UTF_8);
            ServerHttpResponse res = exchange.getResponse();
            HttpHeaders h = res.getHeaders();
            h.setContentType(MediaType.parseMediaType(ContentTypes.M3U8));
            h.set(HttpHeaders.CACHE_CONTROL, "private, no-cache");
            h.set("X-Content-Type-Options", "nosniff");
            h.setLastModified(obj.lastModified());
            h.setContentLength(body.length);
            if (HttpMethod.HEAD.equals(exchange.getRequest().getMethod())) {
                return res.setComplete();
            }
            DataBuffer buf = res.bufferFactory().wrap(body);
            return res.writeWith(Mono.just(buf));
        });
    }

    /**
     * A URI relative to the playlist, signed for the same expiry: the signed URL layout mirrors the asset's, so the
     * original relative path resolves to the right signed path and only the query is added.
     */
    private String childUri(AssetPaths.Target playlist, String resolved, long exp) {
        AssetPaths.Target child;
        try {
            child = AssetPaths.resolve(playlist.tenant(), playlist.assetId(), "/" + resolved);
        } catch (GatewayException e) {
            return null;
        }
        String path = SignedPaths.path(child);
        String sig = signer.sign("GET", path, exp);
        String dir = playlist.path().contains("/")
                ? playlist.path().substring(0, playlist.path().lastIndexOf('/') + 1) : "";
        String relative = child.path().startsWith(dir) ? child.path().substring(dir.length()) : null;
        if (relative == null) {
            relative = "../".repeat((int) dir.chars().filter(c -> c == '/').count()) + child.path();
        }
        return relative + "?exp=" + exp + "&sig=" + sig;
    }

    private static boolean ifRangeHolds(ServerWebExchange exchange, String etag, StoredObject obj) {
        String ifRange = exchange.getRequest().getHeaders().getFirst(HttpHeaders.IF_RANGE);
        if (ifRange == null || ifRange.isBlank()) {
            return true;
        }
        String v = ifRange.strip();
        if (v.startsWith("\"") || v.startsWith("W/")) {
            return v.equals(etag); // strong comparison only
        }
        try {
            ZonedDateTime d = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            return d.toInstant().getEpochSecond() == obj.lastModified().atZone(ZoneOffset.UTC).toEpochSecond();
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
