package io.reelpipe.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_PROP_TEXT_SUB;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_descriptor_get;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_profile_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_DEFAULT;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_FORCED;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_guess_sample_aspect_ratio;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_SUBTITLE;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_DICT_IGNORE_SUFFIX;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_describe;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt_name;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecDescriptor;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what a media file contains through libavformat, in process, without decoding it
 * ({@code avformat_open_input} + {@code avformat_find_stream_info}; a few milliseconds for an MP4).
 *
 * <p>Blocking and thread-safe (every call has its own demuxer): reactive callers run it on
 * {@code Schedulers.boundedElastic()}.
 *
 * <p>Errors: an empty file, a text file or anything FFmpeg cannot open gives {@link NotAMediaFileException};
 * an MP4 whose index is missing (upload cut short before the {@code moov} box) gives
 * {@link CorruptMediaException}. A truncated MP4 whose index sits at the start (faststart) still probes fine:
 * {@link #verifyDecodable(Path)} finds those.
 */
public final class MediaProbe {

    private static final Logger log = LoggerFactory.getLogger(MediaProbe.class);
    /** Frames decoded at the start by {@link #verifyDecodable(Path)}. */
    private static final int HEAD_FRAMES = 3;
    /** How far before the end {@link #verifyDecodable(Path)} seeks to check that the tail is there. */
    private static final Duration TAIL_WINDOW = Duration.ofSeconds(2);

    private MediaProbe() {
    }

    /** Probes a local file. */
    public static MediaInfo probe(Path file) {
        long size = sizeOf(file);
        long t0 = System.nanoTime();
        try (Demuxer d = Demuxer.open("file:" + file.toAbsolutePath(), null, readMagic(file))) {
            MediaInfo info = d.describe(size);
            log.debug("probe file={} format={} duration={} video={} audio={} took_ms={}", file, info.formatName(),
                    info.duration(), info.videoStreams().size(), info.audioStreams().size(),
                    (System.nanoTime() - t0) / 1_000_000);
            return info;
        }
    }

    /**
     * Probes a URL FFmpeg can open itself ({@code file:}, {@code http(s):} such as a presigned S3 GET URL).
     * Reads only the headers it needs (with HTTP range requests for an MP4 whose index is at the end).
     */
    public static MediaInfo probeUrl(String url, Duration ioTimeout) {
        try (Demuxer d = Demuxer.open(url, ioTimeout, null)) {
            return d.describe(-1);
        }
    }

    /** Probe, then {@link #verifyDecodable(Path)}: what ingest should call on a finished upload. */
    public static MediaInfo probeVerified(Path file) {
        MediaInfo info = probe(file);
        verifyDecodable(file);
        return info;
    }

    /**
     * Quick integrity check: decodes the first frames, then seeks near the end and checks that the data of
     * the main stream (video, else audio) runs to the duration the container announces and that the frame
     * there decodes. Catches truncated uploads (also faststart MP4s whose index promises more than is there)
     * and undecodable streams; does not decode the whole file, so damage in the middle can go unseen.
     *
     * @throws CorruptMediaException with the position where the data stops or breaks
     * @throws NotAMediaFileException as {@link #probe(Path)} does
     */
    public static void verifyDecodable(Path file) {
        long size = sizeOf(file);
        long t0 = System.nanoTime();
        try (Demuxer d = Demuxer.open("file:" + file.toAbsolutePath(), null, readMagic(file))) {
            d.verify(size);
        }
        log.debug("verifyDecodable file={} ok took_ms={}", file, (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * {@link #verifyDecodable(Path)} for a URL FFmpeg opens itself (a presigned S3 GET): the head and the tail are
     * read with HTTP range requests, so an upload is checked where it lies, without a local copy.
     *
     * @param size the object's length in bytes (a cut-off last packet is found only when known), -1 when unknown
     */
    public static void verifyDecodableUrl(String url, long size, Duration ioTimeout) {
        try (Demuxer d = Demuxer.open(url, ioTimeout, null)) {
            d.verify(size);
        }
    }

    private static long sizeOf(Path file) {
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw NotAMediaFileException.emptyFile();
            }
            return size;
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static byte[] readMagic(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(12);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** ISO base media (MP4/MOV/3GP): a {@code ftyp} box first, or the old QuickTime boxes. */
    private static boolean looksLikeIsoBmff(byte[] magic) {
        if (magic == null || magic.length < 8) {
            return false;
        }
        String box = new String(magic, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        return box.equals("ftyp") || box.equals("moov") || box.equals("mdat") || box.equals("wide")
                || box.equals("free");
    }

    /** One open libavformat context. */
    private static final class Demuxer implements AutoCloseable {

        private final AVFormatContext ctx;

        private Demuxer(AVFormatContext ctx) {
            this.ctx = ctx;
        }

        static Demuxer open(String url, Duration ioTimeout, byte[] magic) {
            FfmpegNative.ensureLoaded();
            FfmpegNative.clearRecentErrors();
            AVFormatContext ctx = new AVFormatContext(null);
            AVDictionary opts = new AVDictionary(null);
            if (ioTimeout != null) {
                av_dict_set(opts, "rw_timeout", Long.toString(ioTimeout.toNanos() / 1000), 0);
            }
            int ret = avformat_open_input(ctx, url, null, opts);
            av_dict_free(opts);
            if (ret < 0) {
                throw openFailure(ret, magic);
            }
            ret = avformat_find_stream_info(ctx, (PointerPointer<?>) null);
            if (ret < 0) {
                String said = said(ret);
                avformat_close_input(ctx);
                throw NotAMediaFileException.unreadable(said);
            }
            return new Demuxer(ctx);
        }

        private static MediaException openFailure(int ret, byte[] magic) {
            String said = said(ret);
            if (looksLikeIsoBmff(magic)) {
                if (said.contains("moov atom not found")) {
                    return new CorruptMediaException("the video is damaged or truncated: its MP4 index (moov atom) is "
                            + "missing, which usually means the upload was cut short (ffmpeg said: " + said + ")",
                            null, said);
                }
                return new CorruptMediaException(
                        "the video is damaged or truncated: it starts like an MP4 but cannot be opened (ffmpeg said: "
                                + said + ")", null, said);
            }
            if (said.contains("moov atom not found")) {
                // FFmpeg falls back to the MP4 demuxer for anything named .mp4: its complaint says nothing here
                said = FfmpegNative.error(ret);
            }
            return NotAMediaFileException.unreadable(said);
        }

        private static String said(int ret) {
            String err = FfmpegNative.error(ret);
            String detail = FfmpegNative.recentErrors();
            return detail.isEmpty() ? err : detail + ": " + err;
        }

        MediaInfo describe(long size) {
            List<VideoStream> video = new ArrayList<>();
            List<AudioStream> audio = new ArrayList<>();
            List<SubtitleStream> subs = new ArrayList<>();
            for (int i = 0; i < ctx.nb_streams(); i++) {
                AVStream st = ctx.streams(i);
                AVCodecParameters par = st.codecpar();
                int type = par.codec_type();
                String codec = string(avcodec_get_name(par.codec_id()));
                Map<String, String> meta = dict(st.metadata());
                int disp = st.disposition();
                if (type == AVMEDIA_TYPE_VIDEO) {
                    video.add(videoStream(st, par, codec, meta, disp));
                } else if (type == AVMEDIA_TYPE_AUDIO) {
                    byte[] layout = new byte[64];
                    String layoutName = av_channel_layout_describe(par.ch_layout(), layout, layout.length) > 0
                            ? FfmpegNative.cString(layout) : null;
                    audio.add(new AudioStream(st.index(), codec, profile(par), par.sample_rate(),
                            par.ch_layout().nb_channels(), layoutName, language(meta), meta.get("title"),
                            Math.max(0, par.bit_rate()), (disp & AV_DISPOSITION_DEFAULT) != 0));
                } else if (type == AVMEDIA_TYPE_SUBTITLE) {
                    AVCodecDescriptor desc = avcodec_descriptor_get(par.codec_id());
                    boolean text = desc != null && !desc.isNull() && (desc.props() & AV_CODEC_PROP_TEXT_SUB) != 0;
                    subs.add(new SubtitleStream(st.index(), codec, language(meta), meta.get("title"), text,
                            (disp & AV_DISPOSITION_DEFAULT) != 0, (disp & AV_DISPOSITION_FORCED) != 0));
                }
            }
            String format = string(ctx.iformat().name());
            boolean anyAv = !audio.isEmpty() || video.stream().anyMatch(v -> !v.attachedPicture());
            if (!anyAv || isTextArt(format, video)) {
                throw NotAMediaFileException.unreadable("no audio or video track found; detected format '" + format
                        + "'" + (subs.isEmpty() ? "" : " with " + subs.size() + " subtitle track(s)"));
            }
            return new MediaInfo(format, string(ctx.iformat().long_name()), containerDuration(),
                    Math.max(0, ctx.bit_rate()), size, video, audio, subs, dict(ctx.metadata()));
        }

        /** FFmpeg renders ANSI/ASCII art text as "video": a text file is not a video to us. */
        private static boolean isTextArt(String format, List<VideoStream> video) {
            return format.equals("tty") || video.stream().anyMatch(v -> switch (v.codec()) {
                case "ansi", "bintext", "xbin", "idf" -> true;
                default -> false;
            });
        }

        private VideoStream videoStream(AVStream st, AVCodecParameters par, String codec, Map<String, String> meta,
                int disp) {
            AVRational sarR = av_guess_sample_aspect_ratio(ctx, st, null);
            Rational sar = Rational.of(sarR.num(), sarR.den());
            if (!sar.isValid()) {
                sar = Rational.ONE;
            }
            int w = par.width();
            int h = par.height();
            Rational dar = (w > 0 && h > 0) ? Rational.reduce((long) w * sar.num(), (long) h * sar.den())
                    : new Rational(0, 1);
            double fps = rate(st.avg_frame_rate());
            if (fps <= 0) {
                fps = rate(st.r_frame_rate());
            }
            String pix = par.format() >= 0 ? string(av_get_pix_fmt_name(par.format())) : null;
            return new VideoStream(st.index(), codec, profile(par), w, h, sar, dar, rotation(par, meta), fps, pix,
                    Math.max(0, par.bit_rate()), Math.max(0, st.nb_frames()),
                    (disp & AV_DISPOSITION_ATTACHED_PIC) != 0);
        }

        /** Clockwise degrees to turn the picture upright, as FFmpeg's autorotate computes it. */
        private static int rotation(AVCodecParameters par, Map<String, String> meta) {
            double theta = Double.NaN;
            if (par.nb_coded_side_data() > 0) {
                AVPacketSideData sd = av_packet_side_data_get(par.coded_side_data(), par.nb_coded_side_data(),
                        AV_PKT_DATA_DISPLAYMATRIX);
                if (sd != null && !sd.isNull() && sd.size() >= 9 * 4) {
                    theta = -av_display_rotation_get(new IntPointer(sd.data()));
                }
            }
            if (Double.isNaN(theta) && meta.containsKey("rotate")) {
                try {
                    theta = Double.parseDouble(meta.get("rotate"));
                } catch (NumberFormatException ignored) {
                    // a broken tag is no rotation
                }
            }
            if (Double.isNaN(theta)) {
                return 0;
            }
            long r = Math.round(theta / 90.0) * 90 % 360;
            return (int) (r < 0 ? r + 360 : r);
        }

        private Duration containerDuration() {
            if (ctx.duration() != AV_NOPTS_VALUE && ctx.duration() > 0) {
                return Timecodes.ofMicros(ctx.duration());
            }
            Duration longest = Duration.ZERO;
            for (int i = 0; i < ctx.nb_streams(); i++) {
                Duration d = streamEnd(ctx.streams(i));
                if (d != null && d.compareTo(longest) > 0) {
                    longest = d;
                }
            }
            return longest;
        }

        void verify(long fileSize) {
            int idx = av_find_best_stream(ctx, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            if (idx < 0 || (ctx.streams(idx).disposition() & AV_DISPOSITION_ATTACHED_PIC) != 0) {
                idx = av_find_best_stream(ctx, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
            }
            if (idx < 0) {
                throw NotAMediaFileException.unreadable("no audio or video track found");
            }
            for (int i = 0; i < ctx.nb_streams(); i++) {
                if (i != idx) {
                    ctx.streams(i).discard(AVDISCARD_ALL);
                }
            }
            AVStream st = ctx.streams(idx);
            AVCodecParameters par = st.codecpar();
            AVCodec decoder = avcodec_find_decoder(par.codec_id());
            if (decoder == null || decoder.isNull()) {
                throw NotAMediaFileException.unreadable("no decoder for codec " + string(avcodec_get_name(par.codec_id())));
            }
            AVCodecContext cc = avcodec_alloc_context3(decoder);
            AVPacket pkt = av_packet_alloc();
            AVFrame frame = av_frame_alloc();
            try {
                avcodec_parameters_to_context(cc, par);
                int ret = avcodec_open2(cc, decoder, (AVDictionary) null);
                if (ret < 0) {
                    throw NotAMediaFileException.unreadable("cannot open the " + decoder.name().getString()
                            + " decoder: " + FfmpegNative.error(ret));
                }
                Scan scan = new Scan(st, pkt, frame, cc);
                // 1. the start decodes
                scan.readAndDecode(HEAD_FRAMES, Integer.MAX_VALUE);
                if (scan.framesDecoded == 0) {
                    throw CorruptMediaException.at(scan.lastGood, "no frame of the " + scan.kind()
                            + " track could be decoded" + scan.why());
                }
                Duration expectedEnd = streamEnd(st);
                if (expectedEnd == null) {
                    expectedEnd = containerDuration();
                }
                Duration tolerance = Duration.ofMillis(500).plus(scan.maxPacketDuration.multipliedBy(2));
                if (expectedEnd.compareTo(Duration.ofSeconds(4)) < 0 || scan.reachedEnd) {
                    // short file: read it all (packets only after the head frames)
                    scan.readToEnd();
                } else {
                    // 2. the tail is there and its first frame decodes
                    long target = expectedEnd.minus(TAIL_WINDOW).toNanos() / 1000;
                    FfmpegNative.clearRecentErrors();
                    if (av_seek_frame(ctx, -1, target, AVSEEK_FLAG_BACKWARD) < 0) {
                        scan.restartFromTop();
                    } else {
                        avcodec_flush_buffers(cc);
                        scan.afterSeek();
                        scan.readAndDecode(1, 64);
                    }
                    scan.readToEnd();
                    if (scan.packetsAfterSeek == 0) {
                        // the index points past the end of the data: find where the data stops
                        scan.restartFromTop();
                        scan.readToEnd();
                    }
                }
                if (scan.readError != null) {
                    throw CorruptMediaException.at(scan.lastGood, "reading failed: " + scan.readError);
                }
                if (scan.decodeError != null) {
                    throw CorruptMediaException.at(scan.lastGood, "decoding failed: " + scan.decodeError);
                }
                if (scan.lastEnd.plus(tolerance).compareTo(expectedEnd) < 0) {
                    throw CorruptMediaException.at(scan.lastEnd, "the " + scan.kind() + " data stops there but the file "
                            + "says it lasts " + Timecodes.format(expectedEnd) + "; the file is probably incomplete");
                }
                if (fileSize > 0 && scan.maxPacketEndPos > fileSize) {
                    throw CorruptMediaException.at(scan.lastEnd, "the last packet is cut off");
                }
            } finally {
                av_frame_free(frame);
                av_packet_free(pkt);
                avcodec_free_context(cc);
            }
        }

        /** Reading state for {@link #verify(long)}. */
        private final class Scan {
            final AVStream st;
            final AVPacket pkt;
            final AVFrame frame;
            final AVCodecContext cc;
            final double tb;
            int framesDecoded;
            int framesAfterSeek;
            int packetsAfterSeek;
            boolean reachedEnd;
            Duration lastGood = Duration.ZERO;
            Duration lastEnd = Duration.ZERO;
            Duration maxPacketDuration = Duration.ZERO;
            long maxPacketEndPos;
            String readError;
            String decodeError;

            Scan(AVStream st, AVPacket pkt, AVFrame frame, AVCodecContext cc) {
                this.st = st;
                this.pkt = pkt;
                this.frame = frame;
                this.cc = cc;
                this.tb = st.time_base().num() / (double) st.time_base().den();
            }

            String kind() {
                return st.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO ? "video" : "audio";
            }

            String why() {
                String recent = FfmpegNative.recentErrors();
                return recent.isEmpty() ? "" : " (ffmpeg said: " + recent + ")";
            }

            void afterSeek() {
                packetsAfterSeek = 0;
                framesAfterSeek = 0;
            }

            void restartFromTop() {
                av_seek_frame(ctx, st.index(), Long.MIN_VALUE / 2, AVSEEK_FLAG_BACKWARD);
                avcodec_flush_buffers(cc);
                afterSeek();
                readError = null;
            }

            /** Reads until {@code frames} frames decoded (or EOF, or {@code maxPackets}). */
            void readAndDecode(int frames, int maxPackets) {
                int startFrames = framesAfterSeek;
                int packets = 0;
                while (framesAfterSeek - startFrames < frames && packets++ < maxPackets) {
                    if (!readPacket()) {
                        drain();
                        return;
                    }
                    int ret = avcodec_send_packet(cc, pkt);
                    av_packet_unref(pkt);
                    if (ret < 0 && ret != AVERROR_EAGAIN()) {
                        decodeError = FfmpegNative.error(ret) + why();
                        return;
                    }
                    receive();
                    if (decodeError != null) {
                        return;
                    }
                }
            }

            /** Reads packets (no decoding) up to the end of the file. */
            void readToEnd() {
                while (readPacket()) {
                    av_packet_unref(pkt);
                }
            }

            private void drain() {
                avcodec_send_packet(cc, null);
                receive();
            }

            private void receive() {
                while (true) {
                    int ret = avcodec_receive_frame(cc, frame);
                    if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                        return;
                    }
                    if (ret < 0) {
                        decodeError = FfmpegNative.error(ret) + why();
                        return;
                    }
                    framesDecoded++;
                    framesAfterSeek++;
                    long ts = frame.best_effort_timestamp();
                    if (ts != AV_NOPTS_VALUE) {
                        Duration t = time(ts);
                        if (t.compareTo(lastGood) > 0) {
                            lastGood = t;
                        }
                    }
                }
            }

            /** One packet of the checked stream into {@link #pkt}; false at EOF or on a read error. */
            private boolean readPacket() {
                while (true) {
                    int ret = av_read_frame(ctx, pkt);
                    if (ret == AVERROR_EOF) {
                        reachedEnd = true;
                        return false;
                    }
                    if (ret < 0) {
                        if (ret == AVERROR_EAGAIN()) {
                            continue;
                        }
                        readError = FfmpegNative.error(ret) + why();
                        return false;
                    }
                    if (pkt.stream_index() != st.index()) {
                        av_packet_unref(pkt);
                        continue;
                    }
                    packetsAfterSeek++;
                    long ts = pkt.pts() != AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
                    if (ts != AV_NOPTS_VALUE) {
                        Duration start = time(ts);
                        Duration dur = time(Math.max(0, pkt.duration()));
                        if (dur.compareTo(maxPacketDuration) > 0) {
                            maxPacketDuration = dur;
                        }
                        Duration end = start.plus(dur);
                        if (end.compareTo(lastEnd) > 0) {
                            lastEnd = end;
                        }
                    }
                    if (pkt.pos() >= 0) {
                        maxPacketEndPos = Math.max(maxPacketEndPos, pkt.pos() + pkt.size());
                    }
                    return true;
                }
            }

            private Duration time(long ts) {
                long start = st.start_time() != AV_NOPTS_VALUE ? st.start_time() : 0;
                return Timecodes.ofSeconds(Math.max(0, ts - start) * tb);
            }
        }

        /** Start-relative end of a stream from its declared duration, or null. */
        private static Duration streamEnd(AVStream st) {
            if (st.duration() == AV_NOPTS_VALUE || st.duration() <= 0) {
                return null;
            }
            return Timecodes.ofSeconds(st.duration() * (st.time_base().num() / (double) st.time_base().den()));
        }

        @Override
        public void close() {
            avformat_close_input(ctx);
        }
    }

    private static double rate(AVRational r) {
        return r.num() > 0 && r.den() > 0 ? (double) r.num() / r.den() : 0;
    }

    private static String profile(AVCodecParameters par) {
        return string(avcodec_profile_name(par.codec_id(), par.profile()));
    }

    private static String language(Map<String, String> meta) {
        String lang = meta.get("language");
        return lang == null || lang.isBlank() || lang.equals("und") ? null : lang;
    }

    private static String string(Pointer p) {
        if (p == null || p.isNull()) {
            return null;
        }
        return ((BytePointer) p).getString();
    }

    private static Map<String, String> dict(AVDictionary dict) {
        Map<String, String> out = new LinkedHashMap<>();
        if (dict == null || dict.isNull()) {
            return out;
        }
        AVDictionaryEntry e = null;
        while ((e = av_dict_get(dict, "", e, AV_DICT_IGNORE_SUFFIX)) != null && !e.isNull()) {
            out.put(e.key().getString(), e.value().getString());
        }
        return out;
    }
}
