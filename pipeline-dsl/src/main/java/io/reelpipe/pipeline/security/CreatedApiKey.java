package io.reelpipe.pipeline.security;

/**
 * A key just made: the clear {@code key} exists only here (show it once), the {@code record} is what is stored.
 */
public record CreatedApiKey(String key, ApiKeyRecord record) {

    @Override
    public String toString() {
        return "CreatedApiKey[id=" + record.id() + ", tenant=" + record.tenant() + "]"; // never the key
    }
}
