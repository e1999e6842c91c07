/**
 * Han script detection: counts characters that exist only in Simplified or only in Traditional.
 * The two lists hold the commonest characters whose forms differ; characters shared by both
 * scripts (most of them) say nothing.
 */
const SIMPLIFIED_ONLY =
  '们这个来时为说国过对会发开关门问间长见现实点经动进还没变东车马鸟鱼龙书头电话语读认识让谁请谢该边远运连选适么义乐习买卖亚产亲众优伤体侧儿兴养军农减凤击创别区华协单卖卫压厅历县参双发变听员响团园围图圣场坏块坚坛垦执报场声处备复够头夺奋妇妈娱孙学宁宝实审宫宽对寻导将尔尘尝层岁岛帅师带帮广庆库应庙废开异弃张弹强归录总恋恶悬惊惯戏战户扑执扩扫扬护报担拟拥择挂挡挤换损据掷摄摆摇撑敌数斋无旧时显晋晒晓晕暂术机杀杂权条来杨极构枪柜标栏树样桥梦检楼横欢欧岁残毁气汇汉汤沟没泪泽洁浅测济浏浓涛润涨渊渐温湾湿满滚滞滥灭灯灵灾炉点炼烂烟热爱爷牵犹状独猎献环现玛琐电画畅疗疯痒瘾皱盏盐监盘睁矿码砖础硕确礼祸离种积称稳穷窃窍竞笔笼筑签简粮紧纠红纤约级纪纯纲纳纵纷纸线练组细织终经结绕绘给络绝统继绩续维综绿编缓缘网罗罚罢羡义习职联肃肠肤肿胁胜脑脚脸舰艺节芦苏苹茧荐荣药莱获营萧萨蓝虑虽蚀蛮补衬袭装见观规视览觉触誉计订认讨让训议讯记讲许论设访证评识诉诊词译试诗诚话诞询该详语误说请诸读课谁调谈谋谓谢谱贝负贡财责贤败货质贩贪贫购贯贴贵贷贸费贺资赋赌赏赔赖赚赛赞赠赵赶趋跃践踪车轨轩转轮软轰轻载较辅辆辈辉输辖边辽达迁过迈运还这进远违连迟适选递逻遗邓邮郑酱释鉴针钉钟钢钥钱铁铃铜银铺链销锁锅错锦键镇镜长门闪闭问闯闲间闷闹闻阀阁阅阔队阳阴阵阶际陆陈降险隐难雾静顶项顺须顾顿预领频题颜额风飞饥饭饮饰饱馆驱驻驾验骑骗骤髅鲁鲜鸡鸣鸭鸿鹅麦黄齐齿龄龙龟湾粤广东门侨贸';
const TRADITIONAL_ONLY =
  '們這個來時為說國過對會後發開關門問間長見現實點經動進還沒變東車馬鳥魚龍書頭電話語讀認識讓誰請謝該邊遠運連選適麼義樂習買賣亞產親眾優傷體餘側兒興養軍農減鳳擊創別區華協單衛壓廳歷縣參雙聽員響團園圍圖聖場壞塊堅壇墾執報聲處備復夠奪奮婦媽娛孫學寧寶審宮寬尋導將爾塵嘗層歲島帥師帶幫廣慶庫應廟廢異棄張彈強歸錄總戀惡懸驚慣戲戰戶撲擴掃揚護擔擬擁擇掛擋擠換損據擲攝擺搖撐敵數齋無舊顯晉曬曉暈暫術機殺雜權條楊極構槍櫃標欄樹樣橋夢檢樓橫歡歐殘毀氣匯漢湯溝淚澤潔淺測濟瀏濃濤潤漲淵漸溫灣濕滿滾滯濫滅燈靈災爐煉爛煙熱愛爺牽猶狀獨獵獻環瑪瑣電畫暢療瘋癢癮皺盞鹽監盤睜礦碼磚礎碩確禮禍離種積稱穩窮竊竅競筆籠築簽簡糧緊糾紅纖約級紀純綱納縱紛紙線練組細織終經結繞繪給絡絕統繼績續維綜綠編緩緣網羅罰罷羨職聯肅腸膚腫脅勝腦腳臉捨艦藝節蘆蘇蘋範繭薦榮藥萊獲營蕭薩藍慮雖蝕蠻補襯襲裝觀規視覽覺觸譽計訂認討訓議訊記講許論設訪證評識訴診詞譯試詩誠話誕詢詳誤諸課調談謀謂譜貝負貢財責賢敗貨質販貪貧購貫貼貴貸貿費賀資賦賭賞賠賴賺賽贊贈趙趕趨躍踐蹤軌軒轉輪軟轟輕載較輔輛輩輝輸轄遼達遷邁違遲遞邏遺鄧郵鄭醬釋裡鑑針釘鐘鋼鑰錢鐵鈴銅銀鋪鏈銷鎖鍋錯錦鍵鎮鏡閃閉闖閒悶鬧聞閥閣閱闊隊陽陰陣階際陸陳險隱難霧靜頂項順須顧頓預領頻題顏額風飛飢飯飲飾飽館驅駐駕驗騎騙驟髏魯鮮雞鳴鴨鴻鵝麥黃齊齒齡龜粵僑';

const simplifiedSet = new Set(Array.from(SIMPLIFIED_ONLY));
const traditionalSet = new Set(Array.from(TRADITIONAL_ONLY));
// A character in both lists (e.g. a form used in both scripts) proves nothing.
for (const ch of simplifiedSet) if (traditionalSet.has(ch)) { simplifiedSet.delete(ch); traditionalSet.delete(ch); }

export type HanScript = 'Hans' | 'Hant' | 'unknown';

export function isSimplifiedOnly(ch: string): boolean {
  return simplifiedSet.has(ch);
}

export function isTraditionalOnly(ch: string): boolean {
  return traditionalSet.has(ch);
}

/** The script a text is written in, by counting script-specific characters. */
export function detectHanScript(text: string): HanScript {
  let simplified = 0;
  let traditional = 0;
  for (const ch of text) {
    if (simplifiedSet.has(ch)) simplified++;
    else if (traditionalSet.has(ch)) traditional++;
  }
  if (simplified === traditional) return 'unknown';
  return simplified > traditional ? 'Hans' : 'Hant';
}

// The one home of "is this Han?" (the other folders import these): by Unicode's Script=Han
// property for characters and texts, and by code-unit ranges where a scanner runs over whole
// documents and a regex per character would cost several times more.
const HAN = /\p{Script=Han}/u;

export function containsHan(text: string): boolean {
  return HAN.test(text);
}

/** One character (a string) of the Han script; false for undefined (off either end of a text). */
export function isHan(ch: string | undefined): boolean {
  return ch !== undefined && HAN.test(ch);
}

/** A Han code unit (CJK Unified Ideographs, Extension A, Compatibility, and 〇). */
export function isHanCode(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    code === 0x3007 ||
    // High surrogates of planes 2–3 (Extension B onwards): all Han in practice.
    (code >= 0xd840 && code <= 0xd8bf)
  );
}

/** A Han character at index (surrogate pairs are recognised by their high half). */
export function isHanAt(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) return false;
  const code = text.charCodeAt(index);
  if (code >= 0xdc00 && code <= 0xdfff) return isHanCode(text.charCodeAt(index - 1));
  return isHanCode(code);
}

/**
 * Han code units and ASCII letters in text[0, end): what tells an English text from a Chinese
 * one (the callers weigh them: a Han character carries about as much as four letters).
 */
export function hanAndLatin(text: string, end = text.length): { han: number; latin: number } {
  let han = 0;
  let latin = 0;
  const stop = Math.min(end, text.length);
  for (let i = 0; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (isHanCode(c)) han++;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) latin++;
  }
  return { han, latin };
}
