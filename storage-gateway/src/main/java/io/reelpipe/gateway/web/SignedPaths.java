package io.reelpipe.gateway.web;

/** The layout of signed gateway URLs: {@code /v1/signed/{tenant}/{assetId}/{path}?exp=…&sig=…}. */
public final class SignedPaths {

    public static final String PREFIX = "/v1/signed/";

    private SignedPaths() {
    }

    /** The decoded path that is signed (and served) for a target. */
    public static String path(AssetPaths.Target t) {
        return PREFIX + t.tenant() + "/" + t.assetId() + "/" + t.path();
    }
}
