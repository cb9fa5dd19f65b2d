package io.reelpipe.pipeline.security;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanStream;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * API keys in Redis, hashed at rest. A key is {@code rp_<env>_<32 random bytes in base62>}; only its SHA-256 is
 * stored, so a Redis dump reveals no usable key.
 * <ul>
 *   <li>{@code rp:apikey:{sha256hex}}: hash {@code id, tenant, roles (comma-separated), name, createdAt[, revokedAt]}</li>
 *   <li>{@code rp:apikey:id:{id}}: the sha256hex of key {@code id} (revocation by id)</li>
 *   <li>{@code rp:apikeys:tenant:{tenant}}: set of the sha256hex of the tenant's keys (listing)</li>
 *   <li>{@code rp:apikey:bootstrap}: the sha256hex of the current bootstrap admin key (a changed bootstrap key
 *   replaces the previous one)</li>
 * </ul>
 * Keys never expire by themselves; revoked records stay (with {@code revokedAt}) so listings show them.
 */
public class ApiKeys {

    public static final String KEY_PREFIX = "rp:apikey:";
    public static final String ID_PREFIX = "rp:apikey:id:";
    public static final String TENANT_PREFIX = "rp:apikeys:tenant:";
    public static final String BOOTSTRAP = "rp:apikey:bootstrap";
    /** Id of the bootstrap admin key. */
    public static final String BOOTSTRAP_ID = "ak_bootstrap";

    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int MAX_KEY_LENGTH = 256;

    private final RedisReactiveCommands<String, String> redis;
    private final String environment;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    public ApiKeys(RedisReactiveCommands<String, String> redis, String environment) {
        this(redis, environment, Clock.systemUTC());
    }

    public ApiKeys(RedisReactiveCommands<String, String> redis, String environment, Clock clock) {
        this.redis = redis;
        this.environment = environment;
        this.clock = clock;
    }

    /** Makes a key for {@code tenant}; the result holds the clear key, which is stored nowhere. */
    public Mono<CreatedApiKey> create(String tenant, Set<Role> roles, String name) {
        return Mono.fromCallable(() -> mint(tenant, roles, name))
                .flatMap(created -> cache(sha256Hex(created.key()), created.record()).thenReturn(created));
    }

    /**
     * A new key and its record, stored nowhere yet (for a service that keeps keys durably elsewhere and then calls
     * {@link #cache}).
     *
     * @throws IllegalArgumentException for a bad tenant name or no role
     */
    public CreatedApiKey mint(String tenant, Set<Role> roles, String name) {
        checkTenant(tenant);
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("a key needs at least one role");
        }
        String key = "rp_" + environment + "_" + base62(32);
        return new CreatedApiKey(key, new ApiKeyRecord("ak_" + base62(12), tenant, roles, label(name), clock.instant(),
                null));
    }

    /** Puts the record of the key whose SHA-256 is {@code hash} into Redis, where every service verifies keys. */
    public Mono<Void> cache(String hash, ApiKeyRecord rec) {
        Mono<Void> revoked = rec.revoked()
                ? redis.hset(KEY_PREFIX + hash, "revokedAt", rec.revokedAt().toString()).then()
                : Mono.empty();
        return store(hash, rec).then(revoked);
    }

    /** Every key record in Redis with its hash (the tenants' key sets), e.g. to move them into a durable store. */
    public Flux<Map.Entry<String, ApiKeyRecord>> cached() {
        return ScanStream.scan(redis, ScanArgs.Builder.matches(TENANT_PREFIX + "*").limit(500))
                .flatMap(redis::smembers)
                .flatMap(hash -> read(hash).map(rec -> Map.entry(hash, rec)));
    }

    /**
     * Registers {@code clearKey} as the bootstrap admin key of {@code systemTenant} (idempotent); a previous,
     * different bootstrap key is deleted.
     */
    public Mono<ApiKeyRecord> registerBootstrap(String clearKey, String systemTenant) {
        return Mono.defer(() -> {
            checkTenant(systemTenant);
            if (clearKey == null || clearKey.length() < 20 || clearKey.length() > MAX_KEY_LENGTH) {
                throw new IllegalArgumentException("the bootstrap admin key must be 20 to 256 characters long");
            }
            String hash = sha256Hex(clearKey);
            ApiKeyRecord rec = new ApiKeyRecord(BOOTSTRAP_ID, systemTenant, Set.of(Role.ADMIN), "bootstrap admin",
                    clock.instant(), null);
            Mono<Void> dropOld = redis.get(BOOTSTRAP)
                    .filter(old -> !old.equals(hash))
                    .flatMap(old -> redis.hget(KEY_PREFIX + old, "tenant").defaultIfEmpty(systemTenant)
                            .flatMap(t -> redis.del(KEY_PREFIX + old).then(redis.srem(TENANT_PREFIX + t, old))))
                    .then();
            return dropOld.then(store(hash, rec)).then(redis.set(BOOTSTRAP, hash)).thenReturn(rec);
        });
    }

    /** The valid (known, not revoked) key's record; empty for an unknown or revoked key. */
    public Mono<ApiKeyRecord> verify(String clearKey) {
        if (!plausibleKey(clearKey)) {
            return Mono.empty();
        }
        return read(sha256Hex(clearKey)).filter(r -> !r.revoked());
    }

    /** The tenant's keys (revoked ones too), without secrets. */
    public Flux<ApiKeyRecord> list(String tenant) {
        checkTenant(tenant);
        return redis.smembers(TENANT_PREFIX + tenant).flatMap(this::read)
                .sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
    }

    /** The record of key {@code id}, if any. */
    public Mono<ApiKeyRecord> find(String id) {
        if (!wellFormedId(id)) {
            return Mono.empty();
        }
        return redis.get(ID_PREFIX + id).flatMap(this::read);
    }

    /**
     * Revokes key {@code id}: it stops working at once. Revoking a revoked key changes nothing. Empty when there is
     * no such key.
     */
    public Mono<ApiKeyRecord> revoke(String id) {
        if (!wellFormedId(id)) {
            return Mono.empty();
        }
        return redis.get(ID_PREFIX + id).flatMap(hash -> read(hash).flatMap(rec -> {
            if (rec.revoked()) {
                return Mono.just(rec);
            }
            Instant now = clock.instant();
            return redis.hset(KEY_PREFIX + hash, "revokedAt", now.toString())
                    .thenReturn(new ApiKeyRecord(rec.id(), rec.tenant(), rec.roles(), rec.name(), rec.createdAt(), now));
        }));
    }

    /** Whether {@code clearKey} can be a key at all (not empty, not longer than any key); others are never looked up. */
    protected static boolean plausibleKey(String clearKey) {
        return clearKey != null && !clearKey.isEmpty() && clearKey.length() <= MAX_KEY_LENGTH;
    }

    /** Whether {@code id} has the form of a key id ({@code ak_…}); others are never looked up. */
    protected static boolean wellFormedId(String id) {
        return id != null && id.matches("ak_[A-Za-z0-9_]{1,40}");
    }

    /** Lower-case hex SHA-256 of the key's UTF-8 bytes: the only form a key is stored in. */
    public static String sha256Hex(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Mono<Void> store(String hash, ApiKeyRecord rec) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", rec.id());
        fields.put("tenant", rec.tenant());
        fields.put("roles", Role.format(rec.roles()));
        fields.put("name", rec.name());
        fields.put("createdAt", rec.createdAt().toString());
        return redis.hset(KEY_PREFIX + hash, fields)
                .then(redis.hdel(KEY_PREFIX + hash, "revokedAt"))
                .then(redis.set(ID_PREFIX + rec.id(), hash))
                .then(redis.sadd(TENANT_PREFIX + rec.tenant(), hash))
                .then();
    }

    private Mono<ApiKeyRecord> read(String hash) {
        return redis.hgetall(KEY_PREFIX + hash).collectMap(KeyValue::getKey, KeyValue::getValue)
                .filter(m -> m.containsKey("id") && m.containsKey("tenant"))
                .map(m -> new ApiKeyRecord(m.get("id"), m.get("tenant"), Role.parseAll(m.get("roles")),
                        m.getOrDefault("name", ""),
                        Optional.ofNullable(m.get("createdAt")).map(Instant::parse).orElse(Instant.EPOCH),
                        Optional.ofNullable(m.get("revokedAt")).filter(s -> !s.isEmpty()).map(Instant::parse)
                                .orElse(null)));
    }

    static void checkTenant(String tenant) {
        if (tenant == null || !TENANT.matcher(tenant).matches() || tenant.contains("..")) {
            throw new IllegalArgumentException("invalid tenant name '" + tenant
                    + "' (letters, digits, '.', '_' and '-', up to 64 characters)");
        }
    }

    private static String label(String name) {
        if (name == null || name.isBlank()) {
            return "";
        }
        String n = name.strip().replaceAll("\\p{Cntrl}", "");
        return n.length() > 100 ? n.substring(0, 100) : n;
    }

    /** {@code bytes} random bytes as fixed-width base62 (43 characters for 32 bytes). */
    String base62(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        BigInteger n = new BigInteger(1, b);
        int width = (int) Math.ceil(bytes * 8 / (Math.log(62) / Math.log(2)));
        StringBuilder sb = new StringBuilder();
        BigInteger base = BigInteger.valueOf(62);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(base);
            sb.append(BASE62.charAt(qr[1].intValue()));
            n = qr[0];
        }
        while (sb.length() < width) {
            sb.append('0');
        }
        return sb.reverse().toString();
    }
}
