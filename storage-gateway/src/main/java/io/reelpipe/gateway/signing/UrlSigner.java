package io.reelpipe.gateway.signing;

import io.reelpipe.gateway.GatewayProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * HMAC-SHA256 signatures of gateway URLs: {@code sig = base64url(HMAC(key, METHOD "\n" PATH "\n" EXP))} where PATH is
 * the decoded {@code /v1/signed/{tenant}/{assetId}/{path}} and EXP the expiry in epoch seconds. Changing any of the
 * three (or the key) breaks the signature; comparison is constant-time.
 */
@Component
public class UrlSigner {

    private static final Logger log = LoggerFactory.getLogger(UrlSigner.class);

    /** Outcome of a check. */
    public enum Verdict { VALID, INVALID, EXPIRED }

    private final byte[] key;
    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    public UrlSigner(GatewayProperties props) {
        this(keyOf(props), Clock.systemUTC());
    }

    public UrlSigner(byte[] key, Clock clock) {
        this.key = key.clone();
        this.clock = clock;
    }

    private static byte[] keyOf(GatewayProperties props) {
        if (props.signingKey() != null) {
            return props.signingKey().getBytes(StandardCharsets.UTF_8);
        }
        log.warn("reelpipe.gateway.signing-key is not set: using a random key; presigned URLs stop working when this "
                + "instance stops and are not accepted by other instances");
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    public Instant now() {
        return clock.instant();
    }

    public String sign(String method, String path, long exp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] sig = mac.doFinal((method + "\n" + path + "\n" + exp).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (Exception e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Checks the signature first (a changed expiry is INVALID, not EXPIRED), then the expiry. */
    public Verdict verify(String method, String path, String exp, String sig) {
        if (exp == null || sig == null || !exp.matches("\\d{1,12}")) {
            return Verdict.INVALID;
        }
        long e = Long.parseLong(exp);
        byte[] expected = sign(method, path, e).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.INVALID;
        }
        return clock.instant().getEpochSecond() > e ? Verdict.EXPIRED : Verdict.VALID;
    }
}
