package io.reelpipe.bench.ads;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * The 24 generated ads (18 English, 6 Korean): brand and product words, a voice-over that says them among ordinary ad
 * talk, and cards that show the brand, the product and an offer. Voices, speeds, fonts, sizes, colours and music beds
 * vary by ad. Not every gold word is shown: the fifth is only said, as in real ads, so speech still matters.
 */
final class AdSet {

    private AdSet() {
    }

    /** brand, product (two words), shown feature, said-only feature, offer line. */
    private record En(String brand, String product, String feature, String spoken, String offer) {
    }

    private static final List<En> EN = List.of(
            new En("Aurora", "electric bicycle", "battery", "commute", "Only $999 this week"),
            new En("Kestrel", "running shoes", "cushioning", "marathon", "Free shipping today"),
            new En("Lumina", "desk lamp", "brightness", "reading", "Save 30 percent"),
            new En("Voltra", "pickup truck", "towing", "weekend", "Lease from $399"),
            new En("Harbor", "savings account", "interest", "future", "Open online in minutes"),
            new En("Fizzup", "lemon soda", "sugar", "summer", "Two for $3"),
            new En("Nimbus", "cloud storage", "backup", "photos", "First month free"),
            new En("Crestline", "home mortgage", "rates", "family", "Apply today"),
            new En("Solace", "memory mattress", "sleep", "comfort", "100 night trial"),
            new En("Zephyr", "wireless earbuds", "noise", "music", "New colours"),
            new En("Granite", "kitchen knives", "steel", "chef", "Lifetime warranty"),
            new En("Orbit", "robot vacuum", "suction", "pets", "Now $249"),
            new En("Meadow", "oat milk", "calcium", "breakfast", "In stores now"),
            new En("Vertex", "gaming laptop", "graphics", "players", "Order today"),
            new En("Tidewater", "cruise vacation", "islands", "sunset", "Book by Friday"),
            new En("Pinnacle", "hiking boots", "waterproof", "trails", "Sale ends Sunday"),
            new En("Ember", "coffee beans", "roast", "morning", "Subscribe and save"),
            new En("Polaris", "smart thermostat", "energy", "winter", "Free installation"));

    private record Ko(String brand, String product1, String product2, String feature, String spoken, String offer) {
    }

    private static final List<Ko> KO = List.of(
            new Ko("루미나", "무선", "청소기", "흡입력", "먼지", "오늘만 특가"),
            new Ko("하늘", "여행", "항공권", "할인", "가족", "지금 예약하세요"),
            new Ko("새봄", "유기농", "녹차", "향기", "건강", "무료 배송"),
            new Ko("한빛", "전기", "자동차", "충전", "도시", "시승 신청"),
            new Ko("다온", "스마트", "냉장고", "신선", "주방", "최대 30% 할인"),
            new Ko("온새미", "화장품", "세트", "보습", "피부", "신제품 출시"));

    private static final String[] EN_VOICES = {"en-us", "en-gb", "en-us+f3", "en-gb-x-rp", "en+m3", "en-us+f2"};
    private static final int[] SPEEDS = {140, 160, 175, 150, 130, 165};
    private static final String[] LATIN_FONTS = {"DejaVu Sans", "Liberation Serif", "DejaVu Serif", "Liberation Sans",
            "NanumGothic", "DejaVu Sans Mono"};
    private static final String[] KO_FONTS = {"NanumGothic", "NanumMyeongjo", "NanumBarunGothic", "NanumSquare"};
    private static final Color[] COLORS = {Color.WHITE, Color.YELLOW, new Color(255, 240, 200), Color.CYAN,
            new Color(255, 210, 230), Color.WHITE};
    private static final int[] SIZES = {44, 36, 52, 30, 40, 58};
    private static final String[] MUSIC = {
            "sine=frequency=220:sample_rate=22050", "anoisesrc=color=pink:amplitude=0.5:sample_rate=22050",
            "sine=frequency=330:sample_rate=22050", "anoisesrc=color=brown:amplitude=0.5:sample_rate=22050"};

    static List<AdSpec> all() {
        List<AdSpec> ads = new ArrayList<>();
        int i = 0;
        for (En e : EN) {
            String[] p = e.product().split(" ");
            String product = cap(p[0]) + " " + cap(p[1]);
            List<String> script = List.of(
                    "Introducing the new " + e.brand() + " " + e.product() + ".",
                    "The " + e.feature() + " makes every " + e.spoken() + " better.",
                    "Visit your nearest store and ask for " + e.brand() + " today.");
            List<String> cards = List.of(e.brand().toUpperCase(java.util.Locale.ROOT), product,
                    cap(e.feature()) + " you can feel", e.offer());
            ads.add(new AdSpec(i, "en", e.brand() + " " + product,
                    List.of(e.brand().toLowerCase(java.util.Locale.ROOT), p[0], p[1], e.feature(), e.spoken()),
                    script, cards, EN_VOICES[i % EN_VOICES.length], SPEEDS[i % SPEEDS.length],
                    LATIN_FONTS[i % LATIN_FONTS.length], SIZES[i % SIZES.length], COLORS[i % COLORS.length],
                    MUSIC[i % MUSIC.length]));
            i++;
        }
        for (Ko k : KO) {
            List<String> script = List.of(
                    "새로운 " + k.brand() + " " + k.product1() + " " + k.product2() + "를 소개합니다.",
                    k.feature() + "이 " + k.spoken() + "을 바꿉니다.",
                    "지금 " + k.brand() + " 매장을 방문하세요.");
            List<String> cards = List.of(k.brand(), k.product1() + " " + k.product2(), k.feature() + " 최고", k.offer());
            ads.add(new AdSpec(i, "ko", k.brand() + " " + k.product1() + " " + k.product2(),
                    List.of(k.brand(), k.product1(), k.product2(), k.feature(), k.spoken()), script, cards, "ko",
                    SPEEDS[i % SPEEDS.length], KO_FONTS[i % KO_FONTS.length], SIZES[i % SIZES.length],
                    COLORS[i % COLORS.length], MUSIC[i % MUSIC.length]));
            i++;
        }
        return ads;
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
