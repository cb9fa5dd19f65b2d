package io.reelpipe.bench.ads;

import io.reelpipe.bench.Report;
import io.reelpipe.bench.Row;
import io.reelpipe.keyword.Transcript;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The rows of the ad evaluation, from the ads, the stages' outputs and each variant's keywords. */
final class AdReport {

    private AdReport() {
    }

    static Report build(String name, List<AdSpec> ads, List<AdPipeline.Outputs> out,
                        Map<AdUnderstandingBenchmark.Variant, List<List<String>>> keywords) {
        Report rep = new Report(name, ads.size() + " generated ads (" + ads.stream().filter(a -> a.language().equals("en"))
                .count() + " English, " + ads.stream().filter(a -> a.language().equals("ko")).count()
                + " Korean; held out: " + ads.stream().filter(AdSpec::heldOut).count() + ")");
        rep.labels("reelpipe", "baseline");
        rep.baseline("keywords: 'before' = the previous pipeline on the same ads (every recognised word, no on-screen "
                + "text, same embedding ranking); 'statistical' = TF-IDF + MMR ranking on Reelpipe's inputs. speech: "
                + "the same transcripts without confidence gating");
        for (boolean title : new boolean[] {false, true}) {
            for (String split : List.of("all", "held-out")) {
                keywordRows(rep, ads, keywords, title, split);
            }
        }
        speechRows(rep, ads, out);
        ocrRows(rep, ads, out);
        for (int i = 0; i < ads.size(); i++) {
            AdUnderstandingBenchmark.Variant v = AdUnderstandingBenchmark.VARIANTS.getFirst();
            List<String> kw = keywords.get(v).get(i);
            rep.note(ads.get(i).id() + (ads.get(i).heldOut() ? " (held out)" : "") + " no title top 5: "
                    + kw.subList(0, Math.min(5, kw.size())) + " | gold " + ads.get(i).gold());
        }
        return rep;
    }

    private static void keywordRows(Report rep, List<AdSpec> ads, Map<AdUnderstandingBenchmark.Variant,
            List<List<String>>> keywords, boolean title, String split) {
        Predicate<AdSpec> in = AdUnderstandingBenchmark.split(split);
        String tag = (title ? "with title" : "no title") + ", " + split;
        double[] ours = figures(ads, keywords, variant("reelpipe", title), in);
        double[] before = figures(ads, keywords, variant("before", title), in);
        double[] stat = figures(ads, keywords, variant("statistical", title), in);
        rep.row(Row.higherBetter("keyword P@10 (" + tag + ") vs before", ours[0], before[0], "share"));
        rep.row(Row.higherBetter("keyword P@10 (" + tag + ") vs statistical", ours[0], stat[0], "share"));
        rep.row(Row.higherBetter("keyword R@10 (" + tag + ") vs before", ours[1], before[1], "share"));
        rep.row(Row.higherBetter("keyword R@10 (" + tag + ") vs statistical", ours[1], stat[1], "share"));
        rep.row(Row.higherBetter("ads with >=3 of 5 gold words in top 10 (" + tag + ") vs before", ours[2], before[2], "share"));
        rep.row(Row.higherBetter("ads whose top 3 were all said/shown/given (" + tag + ") vs before", ours[3], before[3], "share"));
    }

    private static AdUnderstandingBenchmark.Variant variant(String name, boolean title) {
        return AdUnderstandingBenchmark.VARIANTS.stream().filter(v -> v.name().equals(name) && v.title() == title)
                .findFirst().orElseThrow();
    }

    /** P@10, R@10, share of ads with ≥ 3 gold words in the top 10, share with a grounded top 3. */
    private static double[] figures(List<AdSpec> ads, Map<AdUnderstandingBenchmark.Variant, List<List<String>>> kw,
                                    AdUnderstandingBenchmark.Variant v, Predicate<AdSpec> in) {
        double p = 0;
        double r = 0;
        double three = 0;
        double grounded = 0;
        int n = 0;
        for (int i = 0; i < ads.size(); i++) {
            AdSpec ad = ads.get(i);
            if (!in.test(ad)) {
                continue;
            }
            List<String> k = kw.get(v).get(i);
            int found = AdScoring.found(k, ad.gold(), 10);
            p += AdScoring.precision(k, ad.gold(), 10);
            r += found / (double) ad.gold().size();
            three += found >= 3 ? 1 : 0;
            grounded += AdScoring.groundedTop3(k, ad.groundWords()) ? 1 : 0;
            n++;
        }
        n = Math.max(1, n);
        return new double[] {p / n, r / n, three / n, grounded / n};
    }

    private static void speechRows(Report rep, List<AdSpec> ads, List<AdPipeline.Outputs> out) {
        double werOn = 0;
        double werOff = 0;
        int keptWords = 0;
        int keptCorrect = 0;
        int allWords = 0;
        int allCorrect = 0;
        int intelligible = 0;
        int n = 0;
        List<Double> right = new ArrayList<>();
        List<Double> wrong = new ArrayList<>();
        double audio = 0;
        double took = 0;
        for (int i = 0; i < ads.size(); i++) {
            AdSpec ad = ads.get(i);
            if (!ad.language().equals("en")) {
                continue;
            }
            Transcript t = out.get(i).transcript();
            List<String> ref = AdScoring.words(ad.spoken());
            List<String> all = AdScoring.words(t.fullText());
            List<String> kept = AdScoring.words(t.trustedText());
            werOff += AdScoring.wer(ref, all);
            werOn += AdScoring.wer(ref, kept);
            allWords += all.size();
            keptWords += kept.size();
            allCorrect += AdScoring.correct(ref, all);
            keptCorrect += AdScoring.correct(ref, kept);
            intelligible += t.unintelligible() ? 0 : 1;
            Set<String> refSet = new HashSet<>(ref);
            for (Transcript.Word w : t.words()) {
                List<String> ww = AdScoring.words(w.word());
                if (!ww.isEmpty() && w.confidence() != null) {
                    (refSet.contains(ww.getFirst()) ? right : wrong).add(w.confidence());
                }
            }
            audio += out.get(i).duration();
            took += out.get(i).speechSeconds();
            n++;
        }
        n = Math.max(1, n);
        rep.row(Row.lowerBetter("speech WER (English ads), confidence gating on vs off", werOn / n, werOff / n, "WER"));
        rep.row(Row.higherBetter("share of transcript words used that are right, gating on vs off",
                keptWords == 0 ? 0 : keptCorrect / (double) keptWords, allWords == 0 ? 0 : allCorrect / (double) allWords,
                "share").withNote(keptWords + " of " + allWords + " words used"));
        rep.row(Row.info("English transcripts judged intelligible", intelligible / (double) n, "share", false));
        rep.row(Row.info("mean Sphinx word confidence, words in the script", mean(right), "0..1", true)
                .withNote(right.size() + " words"));
        rep.row(Row.info("mean Sphinx word confidence, words not in the script", mean(wrong), "0..1", false)
                .withNote(wrong.size() + " words"));
        rep.row(Row.info("speech recognition cost (bundled Sphinx4)", took / Math.max(1e-9, audio) * 60,
                "s per min of video", false));
    }

    private static void ocrRows(Report rep, List<AdSpec> ads, List<AdPipeline.Outputs> out) {
        for (String lang : List.of("en", "ko")) {
            double ca = 0;
            double wa = 0;
            int cards = 0;
            int spurious = 0;
            int nAds = 0;
            for (int i = 0; i < ads.size(); i++) {
                if (!ads.get(i).language().equals(lang)) {
                    continue;
                }
                nAds++;
                for (String card : ads.get(i).cards()) {
                    AdScoring.CardScore s = AdScoring.card(card, out.get(i).ocrTexts());
                    ca += s.charAccuracy();
                    wa += s.wordAccuracy();
                    cards++;
                }
                spurious += AdScoring.spurious(ads.get(i).cards(), out.get(i).ocrTexts());
            }
            if (cards == 0) {
                continue;
            }
            rep.row(Row.info("OCR character accuracy, " + lang + " cards", ca / cards, "share", true)
                    .withNote(cards + " cards"));
            rep.row(Row.info("OCR word accuracy, " + lang + " cards", wa / cards, "share", true));
            rep.row(Row.info("OCR items matching no card, " + lang, spurious / (double) Math.max(1, nAds), "per ad", false));
        }
        double video = out.stream().mapToDouble(AdPipeline.Outputs::duration).sum();
        double ocr = out.stream().mapToDouble(AdPipeline.Outputs::ocrSeconds).sum();
        rep.row(Row.info("OCR cost (every 0.5 s, 960x540, eng+kor)", ocr / Math.max(1e-9, video) * 60,
                "s per min of video", false));
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
