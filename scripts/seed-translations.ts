/**
 * German, French and Japanese text for the demo catalog: every category, every featured
 * product (the home page) and a dozen more, by slug. Names are required; a missing
 * description shows the English one. Plain data, no imports, like seed-data.ts.
 */

export type SeedLanguage = "de" | "fr" | "ja";

export interface SeedText {
  name: string;
  description?: string;
}

export const seedCategoryTranslations: Record<string, Record<SeedLanguage, SeedText>> = {
  apparel: {
    de: { name: "Bekleidung", description: "Alltagskleidung aus Naturfasern, gemacht für mehr als eine Saison." },
    fr: { name: "Vêtements", description: "Des basiques en fibres naturelles, coupés pour durer plus d'une saison." },
    ja: { name: "アパレル", description: "天然素材の毎日の服。ひと季節で終わらない仕立て。" },
  },
  footwear: {
    de: { name: "Schuhe", description: "Sneaker, Stiefel und Trailschuhe für Stadt und Berg." },
    fr: { name: "Chaussures", description: "Baskets, bottes et chaussures de trail pour la ville et la montagne." },
    ja: { name: "シューズ", description: "街歩きから山道まで、スニーカー、ブーツ、トレイルシューズ。" },
  },
  "outdoor-camping": {
    de: { name: "Outdoor & Camping", description: "Leichte Zelte, Rucksäcke und Campingküche für Nächte unter Sternen." },
    fr: { name: "Plein air & camping", description: "Tentes légères, sacs et cuisine de camp pour les nuits à la belle étoile." },
    ja: { name: "アウトドア・キャンプ", description: "星空の下で過ごす夜のための軽量テント、バックパック、キャンプ調理道具。" },
  },
  "home-kitchen": {
    de: { name: "Haus & Küche", description: "Kochgeschirr, Geschirr und Leuchten, die ein Zuhause wohnlich machen." },
    fr: { name: "Maison & cuisine", description: "Ustensiles, vaisselle et luminaires qui rendent une maison vivante." },
    ja: { name: "ホーム・キッチン", description: "暮らしを心地よくする調理器具、食器、照明。" },
  },
  electronics: {
    de: { name: "Elektronik", description: "Audio, Wearables und Ladegeräte, die einfach funktionieren." },
    fr: { name: "Électronique", description: "Audio, objets connectés et chargeurs qui fonctionnent, où que vous soyez." },
    ja: { name: "家電・ガジェット", description: "どこでもすぐ使えるオーディオ、ウェアラブル、充電器。" },
  },
  books: {
    de: { name: "Bücher", description: "Romane, Kochbücher und Ratgeber unabhängiger Verlage." },
    fr: { name: "Livres", description: "Romans, livres de cuisine et guides pratiques d'éditeurs indépendants." },
    ja: { name: "本", description: "独立系出版社の小説、料理本、実用書。" },
  },
  beauty: {
    de: { name: "Beauty", description: "Sanfte, wirksame Haut- und Körperpflege mit kurzen Inhaltslisten." },
    fr: { name: "Beauté", description: "Des soins du visage et du corps doux et efficaces, aux listes d'ingrédients courtes." },
    ja: { name: "ビューティー", description: "成分を絞った、やさしく効くスキンケアとボディケア。" },
  },
  "sports-fitness": {
    de: { name: "Sport & Fitness", description: "Kraft, Beweglichkeit und Laufen: das Nötige für zu Hause und draußen." },
    fr: { name: "Sport & fitness", description: "L'essentiel pour la force, la mobilité et la course, à la maison ou dehors." },
    ja: { name: "スポーツ・フィットネス", description: "自宅でも屋外でも、筋トレ、ストレッチ、ランニングの必需品。" },
  },
};

export const seedProductTranslations: Record<string, Record<SeedLanguage, SeedText>> = {
  // Featured on the home page.
  "organic-cotton-crew-tee": {
    de: { name: "Rundhals-T-Shirt aus Bio-Baumwolle", description: "Weiches, schweres Jersey aus Bio-Baumwolle mit klassischem Rundhalsausschnitt." },
    fr: { name: "T-shirt col rond en coton bio", description: "Un jersey de coton bio épais et doux, au col rond classique." },
    ja: { name: "オーガニックコットン クルーネックTシャツ", description: "厚手でやわらかいオーガニックコットンの定番クルーネック。" },
  },
  "merino-wool-hoodie": {
    de: { name: "Hoodie aus Merinowolle" },
    fr: { name: "Sweat à capuche en laine mérinos" },
    ja: { name: "メリノウール パーカー" },
  },
  "cloudstep-everyday-sneaker": {
    de: { name: "Cloudstep Alltags-Sneaker" },
    fr: { name: "Basket Cloudstep de tous les jours" },
    ja: { name: "クラウドステップ デイリースニーカー" },
  },
  "heritage-leather-chelsea-boot": {
    de: { name: "Heritage Chelsea-Boot aus Leder" },
    fr: { name: "Bottine Chelsea Heritage en cuir" },
    ja: { name: "ヘリテージ レザーチェルシーブーツ" },
  },
  "ridgeback-ultralight-backpacking-tent": {
    de: { name: "Ridgeback Ultraleicht-Trekkingzelt" },
    fr: { name: "Tente de randonnée ultralégère Ridgeback" },
    ja: { name: "リッジバック 超軽量バックパッキングテント" },
  },
  "alpenglow-45l-trekking-pack": {
    de: { name: "Alpenglow Trekkingrucksack 45 L" },
    fr: { name: "Sac de trekking Alpenglow 45 L" },
    ja: { name: "アルペングロー 45L トレッキングパック" },
  },
  "enameled-cast-iron-dutch-oven": {
    de: { name: "Emaillierter Gusseisen-Bräter", description: "Hält die Hitze gleichmäßig, vom Herd bis in den Ofen." },
    fr: { name: "Cocotte en fonte émaillée", description: "Une chaleur régulière, de la plaque au four." },
    ja: { name: "ホーロー鋳鉄ダッチオーブン", description: "コンロからオーブンまで、むらなく熱を保ちます。" },
  },
  "japanese-steel-chefs-knife": {
    de: { name: "Kochmesser aus japanischem Stahl" },
    fr: { name: "Couteau de chef en acier japonais" },
    ja: { name: "日本製鋼の牛刀" },
  },
  "lumen-aria-noise-cancelling-headphones": {
    de: { name: "Lumen Aria Kopfhörer mit Geräuschunterdrückung", description: "Ruhe auf Knopfdruck: aktive Geräuschunterdrückung und 30 Stunden Akku." },
    fr: { name: "Casque à réduction de bruit Lumen Aria", description: "Le calme d'une pression : réduction de bruit active et 30 heures d'autonomie." },
    ja: { name: "ルーメン アリア ノイズキャンセリングヘッドホン", description: "ボタンひとつで静けさを。アクティブノイズキャンセリングと30時間のバッテリー。" },
  },
  "parallax-pulse-smartwatch": {
    de: { name: "Parallax Pulse Smartwatch" },
    fr: { name: "Montre connectée Parallax Pulse" },
    ja: { name: "パララックス パルス スマートウォッチ" },
  },
  "the-salt-road": {
    de: { name: "Die Salzstraße" },
    fr: { name: "La Route du sel" },
    ja: { name: "塩の道" },
  },
  "field-guide-to-night-skies": {
    de: { name: "Naturführer Nachthimmel" },
    fr: { name: "Guide du ciel nocturne" },
    ja: { name: "夜空のフィールドガイド" },
  },
  "vitamin-c-brightening-serum": {
    de: { name: "Aufhellendes Vitamin-C-Serum" },
    fr: { name: "Sérum éclat à la vitamine C" },
    ja: { name: "ビタミンC ブライトニング美容液" },
  },
  "mineral-sunscreen-spf-50": {
    de: { name: "Mineralische Sonnencreme LSF 50" },
    fr: { name: "Crème solaire minérale SPF 50" },
    ja: { name: "ミネラル日焼け止め SPF50" },
  },
  "adjustable-dumbbell-pair": {
    de: { name: "Verstellbare Kurzhanteln (Paar)" },
    fr: { name: "Paire d'haltères réglables" },
    ja: { name: "可変式ダンベル（2個組）" },
  },
  "non-slip-yoga-mat-6-mm": {
    de: { name: "Rutschfeste Yogamatte 6 mm" },
    fr: { name: "Tapis de yoga antidérapant 6 mm" },
    ja: { name: "滑りにくいヨガマット 6mm" },
  },
  // More of the catalog.
  "waxed-canvas-field-jacket": {
    de: { name: "Feldjacke aus gewachstem Canvas" },
    fr: { name: "Veste de terrain en toile cirée" },
    ja: { name: "ワックスキャンバス フィールドジャケット" },
  },
  "ribbed-merino-beanie": {
    de: { name: "Gerippte Merino-Mütze" },
    fr: { name: "Bonnet côtelé en mérinos" },
    ja: { name: "リブ編みメリノビーニー" },
  },
  "waterproof-hiking-boot": {
    de: { name: "Wasserdichter Wanderstiefel" },
    fr: { name: "Chaussure de randonnée imperméable" },
    ja: { name: "防水ハイキングブーツ" },
  },
  "rechargeable-camp-lantern": {
    de: { name: "Aufladbare Campinglaterne" },
    fr: { name: "Lanterne de camping rechargeable" },
    ja: { name: "充電式キャンプランタン" },
  },
  "down-sleeping-bag-20f": {
    de: { name: "Daunenschlafsack −7 °C" },
    fr: { name: "Sac de couchage en duvet −7 °C" },
    ja: { name: "ダウン寝袋 −7℃" },
  },
  "tri-ply-stainless-skillet": {
    de: { name: "Dreilagige Edelstahlpfanne" },
    fr: { name: "Poêle en inox trois couches" },
    ja: { name: "三層ステンレスフライパン" },
  },
  "gooseneck-pour-over-kettle": {
    de: { name: "Schwanenhals-Wasserkessel" },
    fr: { name: "Bouilloire à col de cygne" },
    ja: { name: "グースネック ドリップケトル" },
  },
  "olive-wood-cutting-board": {
    de: { name: "Schneidebrett aus Olivenholz" },
    fr: { name: "Planche à découper en bois d'olivier" },
    ja: { name: "オリーブウッドのまな板" },
  },
  "lumen-pebble-bluetooth-speaker": {
    de: { name: "Lumen Pebble Bluetooth-Lautsprecher" },
    fr: { name: "Enceinte Bluetooth Lumen Pebble" },
    ja: { name: "ルーメン ペブル Bluetoothスピーカー" },
  },
  "parallax-k2-mechanical-keyboard": {
    de: { name: "Parallax K2 Mechanische Tastatur" },
    fr: { name: "Clavier mécanique Parallax K2" },
    ja: { name: "パララックス K2 メカニカルキーボード" },
  },
  "lumen-studio-wireless-earbuds": {
    de: { name: "Lumen Studio Kabellose Ohrhörer" },
    fr: { name: "Écouteurs sans fil Lumen Studio" },
    ja: { name: "ルーメン スタジオ ワイヤレスイヤホン" },
  },
  "small-kitchens-big-flavour": {
    de: { name: "Kleine Küchen, großer Geschmack" },
    fr: { name: "Petites cuisines, grandes saveurs" },
    ja: { name: "小さな台所、大きな味" },
  },
};
