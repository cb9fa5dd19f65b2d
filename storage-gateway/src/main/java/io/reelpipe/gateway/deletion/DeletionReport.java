package io.reelpipe.gateway.deletion;

import java.util.List;

/**
 * What {@code DELETE /v1/assets/{id}} removed.
 *
 * @param assetId        the asset
 * @param tenant         its tenant
 * @param removedObjects objects deleted by this call (0 when it was already deleted)
 * @param removedBytes   their size
 * @param removedFiles   their paths relative to the asset (first 1000)
 * @param jobIds         jobs found in the asset's stage manifests whose Redis status and progress were deleted
 * @param alreadyDeleted true when an earlier call deleted the asset
 */
public record DeletionReport(String assetId, String tenant, int removedObjects, long removedBytes,
                             List<String> removedFiles, List<String> jobIds, boolean alreadyDeleted) {
}
