package io.reelpipe.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.reelpipe.pipeline.security.ApiKeyRecord;
import io.reelpipe.pipeline.security.ApiKeys;
import io.reelpipe.pipeline.security.CreatedApiKey;
import io.reelpipe.pipeline.security.Role;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The API-key store on real Redis: hashed at rest, verify, list, revoke, bootstrap replacement. */
class ApiKeysTest extends GatewayTestSupport {

    @Autowired
    StatefulRedisConnection<String, String> connection;

    @Test
    void clearKeyIsNeverStored() {
        CreatedApiKey k = apiKeys.create("keys-a", EnumSet.of(Role.EDITOR, Role.UPLOADER), "ci").block(WAIT);
        assertThat(k.key()).matches("rp_live_[0-9A-Za-z]{43}");
        assertThat(k.toString()).doesNotContain(k.key());
        RedisCommands<String, String> r = connection.sync();
        String secret = k.key().substring("rp_live_".length());
        List<String> keys = new ArrayList<>();
        KeyScanCursor<String> c = r.scan(ScanArgs.Builder.matches("rp:apikey*").limit(1000));
        keys.addAll(c.getKeys());
        while (!c.isFinished()) {
            c = r.scan(c, ScanArgs.Builder.matches("rp:apikey*").limit(1000));
            keys.addAll(c.getKeys());
        }
        assertThat(keys).contains("rp:apikey:" + ApiKeys.sha256Hex(k.key()), "rp:apikeys:tenant:keys-a");
        for (String key : keys) {
            assertThat(key).doesNotContain(secret);
            String dump = switch (r.type(key)) {
                case "hash" -> r.hgetall(key).toString();
                case "set" -> r.smembers(key).toString();
                case "string" -> r.get(key);
                default -> "";
            };
            assertThat(dump).as(key).doesNotContain(secret);
        }
        assertThat(r.hgetall("rp:apikey:" + ApiKeys.sha256Hex(k.key())))
                .containsEntry("tenant", "keys-a").containsEntry("roles", "uploader,editor")
                .containsEntry("id", k.record().id()).containsKey("createdAt").doesNotContainKey("revokedAt");
    }

    @Test
    void verifyListRevoke() {
        CreatedApiKey a = apiKeys.create("keys-b", Set.of(Role.OPERATOR), "ops").block(WAIT);
        CreatedApiKey b = apiKeys.create("keys-b", Set.of(Role.EDITOR), "edit").block(WAIT);
        ApiKeyRecord v = apiKeys.verify(a.key()).block(WAIT);
        assertThat(v.tenant()).isEqualTo("keys-b");
        assertThat(v.roles()).containsExactly(Role.OPERATOR);
        assertThat(apiKeys.verify(a.key() + "x").blockOptional(WAIT)).isEmpty();
        assertThat(apiKeys.verify("").blockOptional(WAIT)).isEmpty();
        assertThat(apiKeys.list("keys-b").collectList().block(WAIT)).extracting(ApiKeyRecord::id)
                .containsExactly(a.record().id(), b.record().id());

        ApiKeyRecord revoked = apiKeys.revoke(a.record().id()).block(WAIT);
        assertThat(revoked.revoked()).isTrue();
        assertThat(apiKeys.verify(a.key()).blockOptional(WAIT)).isEmpty();
        assertThat(apiKeys.verify(b.key()).blockOptional(WAIT)).isPresent();
        assertThat(apiKeys.revoke(a.record().id()).block(WAIT).revokedAt()).isEqualTo(revoked.revokedAt());
        assertThat(apiKeys.revoke("ak_nope").blockOptional(WAIT)).isEmpty();
        assertThat(apiKeys.list("keys-b").collectList().block(WAIT)).filteredOn(ApiKeyRecord::revoked).hasSize(1);
        assertThatThrownBy(() -> apiKeys.create("../x", Set.of(Role.EDITOR), "x").block(WAIT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> apiKeys.create("keys-b", Set.of(), "x").block(WAIT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bootstrapKeyIsRegisteredAndReplaced() {
        assertThat(apiKeys.verify(BOOTSTRAP_KEY).block(WAIT).roles()).containsExactly(Role.ADMIN);
        ApiKeys other = new ApiKeys(connection.reactive(), "test");
        String next = "rp_test_anotherBootstrapKeyForThisTest000001";
        other.registerBootstrap(next, "admin").block(WAIT);
        assertThat(apiKeys.verify(next).block(WAIT).tenant()).isEqualTo("admin");
        assertThat(apiKeys.verify(BOOTSTRAP_KEY).blockOptional(WAIT)).isEmpty();
        other.registerBootstrap(BOOTSTRAP_KEY, "admin").block(WAIT); // restore for the other tests
        assertThat(apiKeys.verify(next).blockOptional(WAIT)).isEmpty();
        assertThat(apiKeys.verify(BOOTSTRAP_KEY).blockOptional(WAIT)).isPresent();
    }
}
