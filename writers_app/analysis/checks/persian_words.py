"""Persian word lists for the typography rules: verb stems behind «می» and words that only look
like «می» + verb. Written for this project; extend them rather than loosen the rules."""

from __future__ import annotations

# Present stems, in the form the personal endings attach to («گوی» + «د» = «گوید»).
PRESENT_STEMS = frozenset("""
خواه رو کن شو گوی آی دان توان بین گیر دار نویس خوان رس ده زن پرس ساز گذار گذر نشین آور بر
یاب فهم ترس خور پوش شنو فروش خر رقص خند گری پز دو افت انداز بند پذیر کش ریز شکن شناس فرست
مان میر نگر نمای کوش جوی گرد چرخ لرز سوز پر خواب بخش پرداز سپار گزین آموز آمیز آویز ایست
باش بار پاش تاب تراش چین خیز دزد ران رسان سنج شمار طلب فشار کاه گشای لغز مال نال ورز هراس
کار دوز اندیش پسند کوب رنج گذران پیما ستای سرای زای
""".split())

# Past stems; the third person singular has no ending («می‌رفت»).
PAST_STEMS = frozenset("""
خواست رفت کرد شد گفت دانست توانست دید گرفت داشت نوشت خواند رسید داد زد پرسید ساخت گذاشت
گذشت نشست آورد برد یافت فهمید ترسید خورد پوشید شنید فروخت خرید رقصید خندید گریست پخت دوید
افتاد انداخت بست پذیرفت کشید ریخت شکست شناخت فرستاد ماند مرد نگریست نمود کوشید جست گشت
چرخید لرزید سوخت پرید خوابید بخشید پرداخت سپرد گزید آموخت آمیخت ایستاد بود بارید تابید چید
خاست دزدید راند رساند سنجید شمرد طلبید فشرد کاست گشود لغزید مالید نالید ورزید هراسید آمد
زیست اندیشید پسندید کوبید گذراند پیمود ستود سرود زاد دوخت
""".split())

_PRESENT_ENDINGS = ("م", "ی", "د", "یم", "ید", "ند")
_PAST_ENDINGS = ("", "م", "ی", "یم", "ید", "ند")

# What may follow «می» or «نمی» in a continuous verb, without the prefix.
VERB_FORMS_AFTER_MI = frozenset(
    [stem + ending for stem in PRESENT_STEMS for ending in _PRESENT_ENDINGS]
    + [stem + ending for stem in PAST_STEMS for ending in _PAST_ENDINGS]
)

# Words that begin with «می» but are not «می» + verb; never given a ZWNJ. Most cannot match
# the verb forms above anyway; they are listed so that adding a stem cannot break them.
MI_EXCEPTIONS = frozenset("""
میز میزها میزی میزم میزان میزبان میزگرد میوه میوه‌ها میهن میهنم میهنی میهمان میهمانی میان
میانه میانی میانگین میل میله میراث میراثی میدان میدانی میدان‌ها میش میخ میخک میمون میلاد
میلادی میلیون میلیارد میگو میرزا میر میس مینا مینو میترا میکروب میکرو میکده میخانه میعاد
میقات میمنت میثاق میسر میسور میزانسن میخکوب میراب میرغضب میشی میمنه میکائیل میخائیل
""".split())
