package io.reelpipe.media;

/**
 * One video stream as stored.
 *
 * @param index             stream index in the container
 * @param codec             FFmpeg codec name, e.g. {@code h264}
 * @param profile           codec profile, e.g. {@code High}, or null
 * @param width             coded width in pixels (before SAR and rotation)
 * @param height            coded height in pixels
 * @param sampleAspectRatio pixel shape; 1:1 for square pixels
 * @param displayAspectRatio shape of the picture on screen (before rotation)
 * @param rotation          clockwise degrees (0, 90, 180, 270) the picture must be turned to be upright,
 *                          from the display matrix or the legacy {@code rotate} tag
 * @param frameRate         average frames per second (0 when unknown)
 * @param pixelFormat       e.g. {@code yuv420p}, or null
 * @param bitRate           bits per second, 0 when unknown
 * @param frameCount        frames declared by the container, 0 when unknown
 * @param attachedPicture   true for cover art (an image stored as a one-frame "video" stream)
 */
public record VideoStream(
        int index,
        String codec,
        String profile,
        int width,
        int height,
        Rational sampleAspectRatio,
        Rational displayAspectRatio,
        int rotation,
        double frameRate,
        String pixelFormat,
        long bitRate,
        long frameCount,
        boolean attachedPicture) {

    /** Width on screen after the pixel aspect ratio is applied (height kept), rounded to even, before rotation. */
    public int displayWidth() {
        if (!sampleAspectRatio.isValid() || sampleAspectRatio.num() == sampleAspectRatio.den()) {
            return width;
        }
        long w = Math.round((double) width * sampleAspectRatio.num() / sampleAspectRatio.den());
        return (int) Math.max(2, (w + 1) & ~1L);
    }

    /** Height on screen (SAR is applied to the width only, as FFmpeg's players do). */
    public int displayHeight() {
        return height;
    }

    /** Width as seen upright: after SAR and rotation. */
    public int orientedWidth() {
        return rotation % 180 == 0 ? displayWidth() : displayHeight();
    }

    /** Height as seen upright: after SAR and rotation. */
    public int orientedHeight() {
        return rotation % 180 == 0 ? displayHeight() : displayWidth();
    }

    /** Upright picture is taller than wide (phone portrait video). */
    public boolean portrait() {
        return orientedHeight() > orientedWidth();
    }
}
