package io.reelpipe.pipeline.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** Pure unit tests of the security library (no Redis); the Redis-backed ApiKeys tests live in storage-gateway. */
class SecurityUnitTest {

    @Test
    void rolesParseFormatAndAdminImpliesAll() {
        assertThat(Role.parseAll(" editor,UPLOADER ,")).containsExactlyInAnyOrder(Role.EDITOR, Role.UPLOADER);
        assertThat(Role.format(EnumSet.of(Role.ADMIN, Role.UPLOADER))).isEqualTo("uploader,admin");
        assertThatThrownBy(() -> Role.parse("root")).hasMessageContaining("unknown role");
        ReelpipePrincipal admin = new ReelpipePrincipal("t", Set.of(Role.ADMIN), "ak_1", false);
        for (Role r : Role.values()) {
            assertThat(admin.has(r)).isTrue();
        }
        ReelpipePrincipal editor = new ReelpipePrincipal("t", Set.of(Role.EDITOR), "ak_2", false);
        assertThat(editor.has(Role.EDITOR)).isTrue();
        assertThat(editor.has(Role.UPLOADER)).isFalse();
        assertThat(editor.hasAny(Role.UPLOADER, Role.EDITOR)).isTrue();
    }

    @Test
    void keysAreFixedWidthBase62AndHashedHex() {
        ApiKeys keys = new ApiKeys(null, "test");
        String r = keys.base62(32);
        assertThat(r).hasSize(43).matches("[0-9A-Za-z]+");
        assertThat(keys.base62(32)).isNotEqualTo(r);
        assertThat(ApiKeys.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void keyIsTakenFromBearerOrXApiKey() {
        HttpHeaders h = new HttpHeaders();
        assertThat(ApiKeyAuthenticationFilter.presentedKey(h)).isEmpty();
        h.set("X-Api-Key", " rp_x_1 ");
        assertThat(ApiKeyAuthenticationFilter.presentedKey(h)).isEqualTo(Optional.of("rp_x_1"));
        h.set(HttpHeaders.AUTHORIZATION, "bearer rp_x_2");
        assertThat(ApiKeyAuthenticationFilter.presentedKey(h)).isEqualTo(Optional.of("rp_x_2"));
    }

    @Test
    void propertiesDefaults() {
        SecurityProperties p = SecurityProperties.defaults();
        assertThat(p.enabled()).isTrue();
        assertThat(p.systemTenant()).isEqualTo("admin");
        assertThat(p.publicPaths()).contains("/v1/signed/**");
        assertThatThrownBy(() -> new SecurityProperties(null, null, null, null, null, "no_underscore"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void problemJsonEscapes() {
        assertThat(Problems.esc("a\"b\\c\n\u0001")).isEqualTo("a\\\"b\\\\c\\n\\u0001");
    }
}
