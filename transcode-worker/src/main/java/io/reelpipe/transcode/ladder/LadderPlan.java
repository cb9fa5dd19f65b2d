package io.reelpipe.transcode.ladder;

import java.util.List;
import java.util.Map;

/**
 * The rungs to encode, highest first, and the requested rungs left out with the reason.
 *
 * @param sourceWidth  upright display width of the source (SAR and rotation applied), 0 without video
 * @param sourceHeight upright display height of the source, 0 without video
 */
public record LadderPlan(List<Rung> rungs, List<Map<String, Object>> dropped, int sourceWidth, int sourceHeight) {
    public LadderPlan {
        rungs = List.copyOf(rungs);
        dropped = List.copyOf(dropped);
    }
}
