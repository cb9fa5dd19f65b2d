package io.reelpipe.thumbnail.storyboard;

import java.io.IOException;
import java.nio.file.Path;

/** Lets tests in other packages use {@link StrictVtt}. */
public final class StrictVttAccess {

    private StrictVttAccess() {
    }

    public static int check(Path vtt, long durationMs) throws IOException {
        return StrictVtt.check(vtt, durationMs).size();
    }
}
