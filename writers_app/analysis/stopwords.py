"""Stop words: function words and very common verbs that say nothing about a text's subject.

Written for this project. Persian entries are in normalised form (Persian ی and ک, no
diacritics); words written with ZWNJ are listed as written («می‌شود»).
"""

from __future__ import annotations

ENGLISH_STOP_WORDS = frozenset("""
a about above across after afterwards again against all almost alone along already also
although always am among amongst an and another any anybody anyhow anyone anything anyway
anywhere are aren't around as at back be became because become becomes becoming been before
beforehand behind being below beside besides between beyond both but by can can't cannot could
couldn't did didn't do does doesn't doing don't done down during each either else elsewhere
enough even ever every everybody everyone everything everywhere except few first for former
formerly from further get gets getting go goes going gone got had hadn't has hasn't have
haven't having he he'd he'll he's her here here's hers herself him himself his how how's
however i i'd i'll i'm i've if in indeed instead into is isn't it it's its itself just
last later latter least less let let's like made make makes many may maybe me meanwhile might
mine more moreover most mostly much must mustn't my myself namely neither never nevertheless
next no nobody none noone nor not nothing now nowhere of off often on once one only onto or
other others otherwise ought our ours ourselves out over own per perhaps please put rather
really said same say says see seem seemed seeming seems several shall shan't she she'd she'll
she's should shouldn't since so some somebody somehow someone something sometime sometimes
somewhere still such than that that's the their theirs them themselves then thence there
there's thereafter thereby therefore therein thereupon these they they'd they'll they're
they've thing things this those though through throughout thus to together too toward towards
two under until up upon us very via was wasn't we we'd we'll we're we've well were weren't
what what's whatever when when's whence whenever where where's whereafter whereas whereby
wherein whereupon wherever whether which while whither who who's whoever whole whom whose why
why's will with within without won't would wouldn't yes yet you you'd you'll you're you've
your yours yourself yourselves also came come comes know knew known take took taken want
wanted way ways new old many much time times day days year years thing things mr mrs ms dr
oh ok okay yeah around upon three four five six seven eight nine ten
""".split())

PERSIAN_STOP_WORDS = frozenset("""
و در به از که این آن را با است برای تا بر هم نیز یا اما ولی اگر چون چه چرا چگونه کجا کی
هر همه هیچ یک دو سه چند بسیار خیلی بیشتر کمتر فقط تنها حتی باید نباید شاید هنوز دیگر همین
همان چنین چنان آنجا اینجا اکنون حالا سپس پس پیش بعد قبل زیرا چنانکه وقتی هنگامی درباره
دربارهٔ مانند مثل مثلاً میان بین زیر روی کنار سوی طرف جز بدون توسط طی نزد همچنین بنابراین
لذا ولیکن لیکن بلکه آیا نه بله آری من تو او ما شما ایشان آنها آن‌ها اینها این‌ها وی خود
خودم خودت خودش خودمان خودتان خودشان مرا تورا اورا ما را مان تان شان ام ات اش ای ایم اید
اند هست هستم هستی هستیم هستید هستند نیست نیستم نیستند بود بودم بودی بودیم بودید بودند
باشد باشم باشی باشیم باشید باشند شد شدم شدی شدیم شدید شدند شده شده‌است شود شوم شوند
می‌شود می‌شوند نمی‌شود کرد کردم کردی کردیم کردید کردند کرده کند کنم کنی کنیم کنید کنند
می‌کند می‌کنم می‌کنند می‌کنیم نمی‌کند دارد دارم داری داریم دارید دارند داشت داشتم داشتند
داشته خواهد خواهم خواهند خواهیم گفت گفتم گفتند گوید می‌گوید گفته نیز آنکه اینکه
چیزی کسی جایی همه‌ی همهٔ بعضی برخی تمام کل کدام چطور ای‌کاش کاش آره نه‌تنها ضمن علاوه
مورد وجود حال نظر طور گونه جای روز سال بار بارها هنگام زمان یکی دیگری دیگران همچون چو
زان زین کز ازین وز بی تر ترین هایی های ها همواره همیشه گاهی هرگز هیچگاه
هیچ‌گاه دوباره باز آنگاه آن‌گاه سرانجام پیوسته اینک کنون اصلاً واقعاً البته حتماً معمولاً
فعلاً چندان آنچه هرچه آنچنان اینچنین بس فوق ضد علیه راجع نسبت طبق مطابق
""".split())
