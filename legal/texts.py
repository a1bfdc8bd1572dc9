"""The first version of each text, in every language of the portal, written in our own words
from the rules the portal carries (docs/rules.md: the e-SLA, the Hajj 1445 SLA, the portal
and centre charters). Seeded by migration 0002; staff publish later versions in the admin.

No figure is written here: the pages add the deadlines, targets, reply days and contact
channels from the rules' own rows (legal/figures.py).
"""

TERMS = {
    "en": ("Terms of use", """These terms govern the use of the pilgrim e-services portal of the Ministry of Hajj and Umrah: its pages, its mobile application and its programming interface. By creating an account you accept them; the version you accepted and the time are recorded with your account.

## Your account
- Register with your own official identity document and correct data. You are responsible for everything done under your account, so keep your password and codes to yourself.
- Keep your mobile number and e-mail address up to date: the portal sends a text message at every stage of a request to the number on your profile.
- Add another person to a booking only with their consent, as the portal asks: a dependant you declared with a document, or a person who accepted your invitation.

## Using the e-services
- You choose packages and contract with licensed providers only through the portal; a contract made elsewhere is not covered by the service-level agreement.
- You are responsible for your choices and for keeping to the plan and the times you agreed with your provider.
- Do not attack, overload or probe the portal, do not use automated means to take capacity, and do not resell permits or places.

## What the ministry does
- It processes valid requests and deals with you directly, keeps your requests confidential, and refuses requests that do not meet the conditions or carry wrong data.
- It may suspend a service for maintenance; planned maintenance is announced on the portal beforehand.

## Changes to these terms
When the ministry publishes a new version, signed-in users are asked to read and accept it before going on; each acceptance is kept with the version it concerns. Disputes outside the service-level agreement go to the competent authority in the Kingdom."""),
    "ar": ("شروط الاستخدام", """تنظّم هذه الشروط استخدام بوابة الخدمات الإلكترونية للحجاج والمعتمرين التابعة لوزارة الحج والعمرة: صفحاتها وتطبيقها للجوال وواجهتها البرمجية. بإنشائك حساباً فإنك تقبلها، ويُسجَّل مع حسابك رقم الإصدار الذي قبلته ووقت قبوله.

## حسابك
- سجّل بوثيقة هويتك الرسمية وببيانات صحيحة. أنت مسؤول عن كل ما يُجرى باسم حسابك، فاحتفظ بكلمة المرور والرموز لنفسك.
- حدّث رقم جوالك وبريدك الإلكتروني أولاً بأول: ترسل البوابة رسالة نصية عند كل مرحلة من مراحل الطلب إلى الرقم المسجّل في ملفك.
- لا تُضِف شخصاً آخر إلى حجز إلا بموافقته على النحو الذي تطلبه البوابة: تابعاً أعلنته بوثيقة، أو شخصاً قبل دعوتك.

## استخدام الخدمات الإلكترونية
- تختار الباقات وتتعاقد مع مقدّمي الخدمة المرخّصين عبر البوابة فقط؛ ولا تشمل اتفاقية مستوى الخدمة عقداً أُبرم خارجها.
- أنت مسؤول عن اختياراتك وعن الالتزام بالخطة والمواعيد المتفق عليها مع مقدّم الخدمة.
- لا تهاجم البوابة ولا تُثقلها ولا تفحص ثغراتها، ولا تستخدم وسائل آلية للاستحواذ على المقاعد، ولا تُعِد بيع التصاريح أو الأماكن.

## ما تلتزم به الوزارة
- تعالج الطلبات المستوفية للشروط وتتواصل معك مباشرة، وتحفظ سرية طلباتك، وترفض الطلبات غير المستوفية للشروط أو التي تحمل بيانات غير صحيحة.
- يجوز لها إيقاف خدمة مؤقتاً للصيانة، وتُعلن الصيانة المجدولة على البوابة مسبقاً.

## تعديل هذه الشروط
عند نشر الوزارة إصداراً جديداً يُطلب من المستخدم المسجّل دخوله قراءته وقبوله قبل المتابعة، ويُحفظ كل قبول مع الإصدار الذي يخصّه. وتُحال النزاعات الخارجة عن اتفاقية مستوى الخدمة إلى الجهة المختصة في المملكة."""),
    "fa": ("شرایط استفاده", """این شرایط، استفاده از درگاه خدمات الکترونیکی زائران وزارت حج و عمره را تنظیم می‌کند: صفحات، برنامهٔ تلفن همراه و رابط برنامه‌نویسی آن. با ساختن حساب کاربری این شرایط را می‌پذیرید و نسخه‌ای که پذیرفته‌اید و زمان پذیرش همراه حساب شما ثبت می‌شود.

## حساب شما
- با مدرک هویتی رسمی خود و اطلاعات درست ثبت‌نام کنید. مسئولیت هر کاری که با حساب شما انجام شود با شماست؛ رمز عبور و کدها را به کسی ندهید.
- شمارهٔ همراه و نشانی ایمیل خود را به‌روز نگه دارید: درگاه در هر مرحلهٔ درخواست به شماره‌ای که در پروفایل شماست پیامک می‌فرستد.
- شخص دیگری را فقط با رضایت او به رزرو اضافه کنید، همان‌گونه که درگاه می‌خواهد: وابسته‌ای که با مدرک اعلام کرده‌اید یا کسی که دعوت شما را پذیرفته است.

## استفاده از خدمات
- بسته‌ها را فقط از طریق درگاه انتخاب کنید و با ارائه‌دهندگان دارای مجوز قرارداد ببندید؛ قراردادی که بیرون از درگاه بسته شود مشمول توافق‌نامهٔ سطح خدمات نیست.
- مسئولیت انتخاب‌های شما و پایبندی به برنامه و زمان‌های توافق‌شده با ارائه‌دهنده با خود شماست.
- به درگاه حمله نکنید، بار اضافی بر آن نگذارید، با ابزار خودکار ظرفیت نگیرید و مجوزها یا جایگاه‌ها را دوباره نفروشید.

## تعهدات وزارت
- درخواست‌های معتبر را بررسی می‌کند و مستقیماً با شما در ارتباط است، درخواست‌های شما را محرمانه نگه می‌دارد و درخواست‌های فاقد شرایط یا دارای اطلاعات نادرست را رد می‌کند.
- ممکن است خدمتی را برای نگهداری موقتاً متوقف کند؛ نگهداری برنامه‌ریزی‌شده از پیش در درگاه اعلام می‌شود.

## تغییر این شرایط
هنگامی که وزارت نسخهٔ تازه‌ای منتشر کند، از کاربران واردشده خواسته می‌شود پیش از ادامه آن را بخوانند و بپذیرند؛ هر پذیرش با نسخهٔ مربوط نگه داشته می‌شود. اختلافات خارج از توافق‌نامهٔ سطح خدمات به مرجع صالح در پادشاهی ارجاع می‌شود."""),
    "ur": ("استعمال کی شرائط", """یہ شرائط وزارتِ حج و عمرہ کے حجاج ای سروسز پورٹل کے استعمال پر لاگو ہوتی ہیں: اس کے صفحات، موبائل ایپ اور پروگرامنگ انٹرفیس۔ اکاؤنٹ بنا کر آپ انہیں قبول کرتے ہیں؛ جو ورژن آپ نے قبول کیا اور اس کا وقت آپ کے اکاؤنٹ کے ساتھ محفوظ کیا جاتا ہے۔

## آپ کا اکاؤنٹ
- اپنی سرکاری شناختی دستاویز اور درست معلومات کے ساتھ رجسٹر کریں۔ آپ کے اکاؤنٹ سے کیے گئے ہر کام کے ذمہ دار آپ ہیں، اس لیے پاس ورڈ اور کوڈ کسی کو نہ دیں۔
- اپنا موبائل نمبر اور ای میل اپ ڈیٹ رکھیں: پورٹل درخواست کے ہر مرحلے پر آپ کی پروفائل کے نمبر پر ایس ایم ایس بھیجتا ہے۔
- کسی دوسرے شخص کو بکنگ میں صرف اس کی رضامندی سے شامل کریں، جیسا پورٹل کہتا ہے: دستاویز کے ساتھ ظاہر کیا گیا زیرِ کفالت فرد، یا وہ شخص جس نے آپ کی دعوت قبول کی۔

## ای سروسز کا استعمال
- پیکج صرف پورٹل کے ذریعے منتخب کریں اور لائسنس یافتہ کمپنیوں سے معاہدہ کریں؛ پورٹل سے باہر کیا گیا معاہدہ سروس لیول معاہدے میں شامل نہیں۔
- اپنے انتخاب اور کمپنی کے ساتھ طے شدہ پروگرام اور اوقات کی پابندی کے ذمہ دار آپ ہیں۔
- پورٹل پر حملہ نہ کریں، اس پر غیر ضروری بوجھ نہ ڈالیں، خودکار ذرائع سے نشستیں نہ لیں اور اجازت نامے یا جگہیں دوبارہ فروخت نہ کریں۔

## وزارت کی ذمہ داریاں
- درست درخواستوں پر کارروائی کرتی ہے اور آپ سے براہِ راست رابطہ رکھتی ہے، آپ کی درخواستیں رازدارانہ رکھتی ہے، اور شرائط پر پوری نہ اترنے یا غلط معلومات والی درخواستیں مسترد کرتی ہے۔
- دیکھ بھال کے لیے کوئی سروس عارضی طور پر روک سکتی ہے؛ طے شدہ دیکھ بھال کا اعلان پہلے سے پورٹل پر کیا جاتا ہے۔

## ان شرائط میں تبدیلی
جب وزارت نیا ورژن شائع کرے تو سائن اِن صارفین سے آگے بڑھنے سے پہلے اسے پڑھنے اور قبول کرنے کو کہا جاتا ہے؛ ہر قبولیت اپنے ورژن کے ساتھ محفوظ رہتی ہے۔ سروس لیول معاہدے سے باہر کے تنازعات مملکت کے مجاز ادارے کو بھیجے جاتے ہیں۔"""),
    "ms": ("Terma penggunaan", """Terma ini mengawal penggunaan portal perkhidmatan elektronik jemaah Kementerian Haji dan Umrah: halamannya, aplikasi mudah alihnya dan antara muka pengaturcaraannya. Dengan membuka akaun anda menerimanya; versi yang anda terima dan masanya direkodkan bersama akaun anda.

## Akaun anda
- Daftar dengan dokumen pengenalan rasmi anda sendiri dan data yang betul. Anda bertanggungjawab atas semua yang dilakukan melalui akaun anda, jadi rahsiakan kata laluan dan kod anda.
- Kemas kini nombor telefon bimbit dan alamat e-mel anda: portal menghantar SMS pada setiap peringkat permohonan ke nombor dalam profil anda.
- Tambah orang lain ke dalam tempahan hanya dengan persetujuannya seperti yang diminta portal: tanggungan yang anda isytiharkan dengan dokumen, atau orang yang menerima jemputan anda.

## Menggunakan perkhidmatan
- Anda memilih pakej dan berkontrak dengan penyedia berlesen hanya melalui portal; kontrak yang dibuat di luar portal tidak dilindungi oleh perjanjian tahap perkhidmatan.
- Anda bertanggungjawab atas pilihan anda dan mematuhi rancangan serta masa yang dipersetujui dengan penyedia.
- Jangan menyerang, membebankan atau menguji portal, jangan gunakan cara automatik untuk mengambil kapasiti, dan jangan menjual semula permit atau tempat.

## Tanggungjawab kementerian
- Memproses permohonan yang sah dan berurusan terus dengan anda, merahsiakan permohonan anda, dan menolak permohonan yang tidak memenuhi syarat atau mengandungi data yang salah.
- Boleh menggantung perkhidmatan buat sementara untuk penyelenggaraan; penyelenggaraan yang dirancang diumumkan di portal terlebih dahulu.

## Perubahan terma
Apabila kementerian menerbitkan versi baharu, pengguna yang log masuk diminta membaca dan menerimanya sebelum meneruskan; setiap penerimaan disimpan bersama versinya. Pertikaian di luar perjanjian tahap perkhidmatan dirujuk kepada pihak berkuasa yang berwibawa di Kerajaan."""),
    "id": ("Ketentuan penggunaan", """Ketentuan ini mengatur penggunaan portal layanan elektronik jemaah Kementerian Haji dan Umrah: halamannya, aplikasi selulernya, dan antarmuka pemrogramannya. Dengan membuat akun Anda menerimanya; versi yang Anda terima dan waktunya dicatat bersama akun Anda.

## Akun Anda
- Daftar dengan dokumen identitas resmi Anda sendiri dan data yang benar. Anda bertanggung jawab atas semua yang dilakukan melalui akun Anda, jadi jaga kerahasiaan kata sandi dan kode Anda.
- Perbarui nomor ponsel dan alamat surel Anda: portal mengirim SMS di setiap tahap permohonan ke nomor di profil Anda.
- Tambahkan orang lain ke pemesanan hanya dengan persetujuannya sebagaimana diminta portal: tanggungan yang Anda nyatakan dengan dokumen, atau orang yang menerima undangan Anda.

## Menggunakan layanan
- Anda memilih paket dan berkontrak dengan penyelenggara berizin hanya melalui portal; kontrak yang dibuat di luar portal tidak dilindungi perjanjian tingkat layanan.
- Anda bertanggung jawab atas pilihan Anda dan atas kepatuhan pada rencana dan waktu yang disepakati dengan penyelenggara.
- Jangan menyerang, membebani, atau menguji portal, jangan memakai cara otomatis untuk mengambil kuota, dan jangan menjual kembali izin atau tempat.

## Kewajiban kementerian
- Memproses permohonan yang sah dan berhubungan langsung dengan Anda, menjaga kerahasiaan permohonan Anda, dan menolak permohonan yang tidak memenuhi syarat atau memuat data yang salah.
- Dapat menghentikan layanan sementara untuk pemeliharaan; pemeliharaan terjadwal diumumkan di portal sebelumnya.

## Perubahan ketentuan
Saat kementerian menerbitkan versi baru, pengguna yang masuk diminta membaca dan menerimanya sebelum melanjutkan; setiap penerimaan disimpan bersama versinya. Sengketa di luar perjanjian tingkat layanan diserahkan kepada otoritas yang berwenang di Kerajaan."""),
}

PRIVACY = {
    "en": ("Privacy policy", """This policy says which personal data the portal keeps about you, why, who sees it and what you can ask.

## What we keep
- Your account: e-mail address, password (stored only as a one-way hash) and the second factor of staff accounts.
- Your profile: name, identity document type and number, nationality, date of birth, gender and mobile number, which the e-services need to check who may book what.
- Your requests: permits, packages and contracts, payments and refunds, complaints and their messages and attachments, compensation claims, service-desk requests and survey answers.
- People you add: dependants you declare with their document, and the invitations you send.

## Why and who sees it
- Only to provide the e-services you ask for, to tell you about them by text message and e-mail, and to measure the service levels the ministry publishes.
- The provider you contract with sees what it needs to serve you and to answer your complaints; ministry staff see what their task needs. Identity numbers are shown masked wherever the full number is not needed.
- Your data is not sold and not used for advertising. It is handed to another authority only where the law of the Kingdom requires it.

## How it is protected
Accounts are behind passwords, staff also use a second factor, every connection is encrypted, and every change to a request is recorded with who made it and when.

## What you can do
You can see and correct your profile at any time, withdraw an invitation or a standing consent, and ask the ministry through the contact channels about the data kept on you. Records of contracts, payments and complaints are kept as long as the rules on those matters require."""),
    "ar": ("سياسة الخصوصية", """توضّح هذه السياسة البيانات الشخصية التي تحفظها البوابة عنك، ولماذا، ومن يطّلع عليها، وما يحق لك طلبه.

## ما نحفظه
- حسابك: البريد الإلكتروني، وكلمة المرور (تُحفظ مشفّرة تشفيراً لا رجعة فيه)، وعامل التحقق الثاني لحسابات الموظفين.
- ملفك: الاسم، ونوع وثيقة الهوية ورقمها، والجنسية، وتاريخ الميلاد، والجنس، ورقم الجوال، وهي ما تحتاجه الخدمات للتحقق ممن يحق له حجز ماذا.
- طلباتك: التصاريح، والباقات والعقود، والمدفوعات والمبالغ المستردة، والشكاوى ورسائلها ومرفقاتها، وطلبات التعويض، وطلبات مكتب الخدمات، وإجابات الاستبيانات.
- من تضيفهم: التابعون الذين تعلنهم بوثائقهم، والدعوات التي ترسلها.

## لماذا ومن يطّلع عليها
- لتقديم الخدمات التي تطلبها فقط، وإبلاغك بها برسائل نصية وبريد إلكتروني، وقياس مستويات الخدمة التي تنشرها الوزارة.
- يرى مقدّم الخدمة الذي تتعاقد معه ما يحتاجه لخدمتك والرد على شكاواك، ويرى موظفو الوزارة ما تحتاجه مهامهم. وتُعرض أرقام الهوية مخفيّة حيث لا حاجة إلى الرقم كاملاً.
- لا تُباع بياناتك ولا تُستخدم للإعلان، ولا تُسلَّم إلى جهة أخرى إلا حيث يوجب ذلك نظام المملكة.

## كيف تُحمى
الحسابات محمية بكلمات مرور، ويستخدم الموظفون عامل تحقق ثانياً، وكل اتصال مشفّر، ويُسجَّل كل تغيير على الطلب مع من أجراه ومتى.

## ما يمكنك فعله
يمكنك الاطلاع على ملفك وتصحيحه في أي وقت، وسحب دعوة أو موافقة دائمة، والاستفسار من الوزارة عبر قنوات التواصل عن البيانات المحفوظة عنك. وتُحفظ سجلات العقود والمدفوعات والشكاوى المدة التي توجبها الأنظمة الخاصة بها."""),
    "fa": ("سیاست حریم خصوصی", """این سیاست می‌گوید درگاه چه داده‌های شخصی‌ای از شما نگه می‌دارد، چرا، چه کسی آن‌ها را می‌بیند و چه می‌توانید بخواهید.

## آنچه نگه می‌داریم
- حساب شما: نشانی ایمیل، رمز عبور (فقط به‌صورت درهم‌سازی یک‌طرفه) و عامل دوم حساب‌های کارکنان.
- پروفایل شما: نام، نوع و شمارهٔ مدرک هویتی، ملیت، تاریخ تولد، جنسیت و شمارهٔ همراه که خدمات برای سنجش اینکه چه کسی چه چیزی را می‌تواند رزرو کند لازم دارند.
- درخواست‌های شما: مجوزها، بسته‌ها و قراردادها، پرداخت‌ها و بازپرداخت‌ها، شکایت‌ها و پیام‌ها و پیوست‌هایشان، درخواست‌های غرامت، درخواست‌های میز خدمات و پاسخ‌های نظرسنجی.
- کسانی که اضافه می‌کنید: وابستگانی که با مدرک اعلام می‌کنید و دعوت‌هایی که می‌فرستید.

## چرا و چه کسی می‌بیند
- فقط برای ارائهٔ خدماتی که می‌خواهید، اطلاع‌رسانی با پیامک و ایمیل و سنجش سطح خدماتی که وزارت منتشر می‌کند.
- ارائه‌دهنده‌ای که با او قرارداد دارید آنچه را برای خدمت‌رسانی و پاسخ به شکایت لازم است می‌بیند و کارکنان وزارت آنچه وظیفه‌شان لازم دارد. شمارهٔ هویت هر جا نیاز نباشد پوشیده نمایش داده می‌شود.
- داده‌های شما فروخته نمی‌شود و برای تبلیغ به کار نمی‌رود و فقط در جایی که قانون پادشاهی بخواهد به مرجع دیگری داده می‌شود.

## چگونه محافظت می‌شود
حساب‌ها با رمز عبور محافظت می‌شوند، کارکنان عامل دوم هم دارند، همهٔ ارتباط‌ها رمزنگاری می‌شوند و هر تغییر در درخواست با نام انجام‌دهنده و زمان آن ثبت می‌شود.

## آنچه می‌توانید انجام دهید
می‌توانید هر زمان پروفایل خود را ببینید و اصلاح کنید، دعوت یا رضایت دائمی را پس بگیرید و از طریق راه‌های ارتباطی دربارهٔ داده‌های نگه‌داشته‌شده بپرسید. سوابق قراردادها، پرداخت‌ها و شکایت‌ها تا زمانی که مقررات مربوط بخواهد نگه داشته می‌شود."""),
    "ur": ("رازداری کی پالیسی", """یہ پالیسی بتاتی ہے کہ پورٹل آپ کا کون سا ذاتی ڈیٹا رکھتا ہے، کیوں، اسے کون دیکھتا ہے اور آپ کیا مانگ سکتے ہیں۔

## ہم کیا رکھتے ہیں
- آپ کا اکاؤنٹ: ای میل، پاس ورڈ (صرف یک طرفہ ہیش کی صورت میں) اور عملے کے اکاؤنٹس کا دوسرا تصدیقی عنصر۔
- آپ کی پروفائل: نام، شناختی دستاویز کی قسم اور نمبر، قومیت، تاریخ پیدائش، جنس اور موبائل نمبر، جن کی ضرورت یہ جانچنے کے لیے ہے کہ کون کیا بک کر سکتا ہے۔
- آپ کی درخواستیں: اجازت نامے، پیکج اور معاہدے، ادائیگیاں اور رقم کی واپسی، شکایات اور ان کے پیغامات و منسلکات، معاوضے کے دعوے، سروس ڈیسک کی درخواستیں اور سروے کے جوابات۔
- جنہیں آپ شامل کرتے ہیں: دستاویز کے ساتھ ظاہر کیے گئے زیرِ کفالت افراد اور آپ کی بھیجی گئی دعوتیں۔

## کیوں اور کون دیکھتا ہے
- صرف آپ کی مطلوبہ ای سروسز فراہم کرنے، ایس ایم ایس اور ای میل سے آپ کو آگاہ کرنے اور وزارت کے شائع کردہ سروس لیول ناپنے کے لیے۔
- جس کمپنی سے آپ معاہدہ کرتے ہیں وہ آپ کی خدمت اور شکایات کے جواب کے لیے ضروری معلومات دیکھتی ہے؛ وزارت کا عملہ اپنے کام کی ضرورت کے مطابق۔ جہاں پورا نمبر ضروری نہ ہو وہاں شناختی نمبر چھپا کر دکھایا جاتا ہے۔
- آپ کا ڈیٹا نہ بیچا جاتا ہے نہ اشتہار کے لیے استعمال ہوتا ہے؛ کسی دوسرے ادارے کو صرف اسی وقت دیا جاتا ہے جب مملکت کا قانون تقاضا کرے۔

## اس کی حفاظت کیسے ہوتی ہے
اکاؤنٹس پاس ورڈ سے محفوظ ہیں، عملہ دوسرا تصدیقی عنصر بھی استعمال کرتا ہے، ہر کنکشن خفیہ کاری سے محفوظ ہے اور درخواست میں ہر تبدیلی کرنے والے اور وقت کے ساتھ درج ہوتی ہے۔

## آپ کیا کر سکتے ہیں
آپ کسی بھی وقت اپنی پروفائل دیکھ اور درست کر سکتے ہیں، دعوت یا مستقل رضامندی واپس لے سکتے ہیں، اور رابطے کے ذرائع سے اپنے محفوظ ڈیٹا کے بارے میں پوچھ سکتے ہیں۔ معاہدوں، ادائیگیوں اور شکایات کا ریکارڈ متعلقہ قواعد کی مدت تک رکھا جاتا ہے۔"""),
    "ms": ("Dasar privasi", """Dasar ini menerangkan data peribadi yang disimpan portal tentang anda, sebabnya, siapa yang melihatnya dan apa yang boleh anda minta.

## Apa yang kami simpan
- Akaun anda: alamat e-mel, kata laluan (disimpan hanya sebagai cincangan sehala) dan faktor kedua bagi akaun kakitangan.
- Profil anda: nama, jenis dan nombor dokumen pengenalan, kewarganegaraan, tarikh lahir, jantina dan nombor telefon bimbit, yang diperlukan untuk menentukan siapa boleh menempah apa.
- Permohonan anda: permit, pakej dan kontrak, bayaran dan bayaran balik, aduan berserta mesej dan lampirannya, tuntutan pampasan, permohonan meja perkhidmatan dan jawapan tinjauan.
- Orang yang anda tambah: tanggungan yang anda isytiharkan dengan dokumen, dan jemputan yang anda hantar.

## Mengapa dan siapa yang melihat
- Hanya untuk menyediakan perkhidmatan yang anda minta, memaklumkan anda melalui SMS dan e-mel, dan mengukur tahap perkhidmatan yang diterbitkan kementerian.
- Penyedia yang berkontrak dengan anda melihat apa yang perlu untuk melayani anda dan menjawab aduan; kakitangan kementerian melihat apa yang diperlukan tugas mereka. Nombor pengenalan dipaparkan bertopeng apabila nombor penuh tidak diperlukan.
- Data anda tidak dijual dan tidak digunakan untuk pengiklanan, dan hanya diserahkan kepada pihak berkuasa lain apabila undang-undang Kerajaan menghendakinya.

## Cara ia dilindungi
Akaun dilindungi kata laluan, kakitangan juga menggunakan faktor kedua, setiap sambungan disulitkan, dan setiap perubahan pada permohonan direkodkan bersama siapa dan bila.

## Apa yang boleh anda lakukan
Anda boleh melihat dan membetulkan profil anda pada bila-bila masa, menarik balik jemputan atau persetujuan tetap, dan bertanya kepada kementerian melalui saluran hubungan tentang data yang disimpan. Rekod kontrak, bayaran dan aduan disimpan selama tempoh yang dikehendaki peraturannya."""),
    "id": ("Kebijakan privasi", """Kebijakan ini menjelaskan data pribadi yang disimpan portal tentang Anda, alasannya, siapa yang melihatnya, dan apa yang dapat Anda minta.

## Yang kami simpan
- Akun Anda: alamat surel, kata sandi (hanya disimpan sebagai hash satu arah), dan faktor kedua untuk akun petugas.
- Profil Anda: nama, jenis dan nomor dokumen identitas, kewarganegaraan, tanggal lahir, jenis kelamin, dan nomor ponsel, yang diperlukan layanan untuk memeriksa siapa boleh memesan apa.
- Permohonan Anda: izin, paket dan kontrak, pembayaran dan pengembalian dana, pengaduan beserta pesan dan lampirannya, klaim kompensasi, permohonan meja layanan, dan jawaban survei.
- Orang yang Anda tambahkan: tanggungan yang Anda nyatakan dengan dokumennya, dan undangan yang Anda kirim.

## Alasan dan siapa yang melihat
- Hanya untuk memberikan layanan yang Anda minta, memberi tahu Anda lewat SMS dan surel, dan mengukur tingkat layanan yang diterbitkan kementerian.
- Penyelenggara yang berkontrak dengan Anda melihat yang diperlukan untuk melayani Anda dan menjawab pengaduan; petugas kementerian melihat yang diperlukan tugasnya. Nomor identitas ditampilkan tersamar bila nomor lengkap tidak diperlukan.
- Data Anda tidak dijual dan tidak dipakai untuk iklan, dan hanya diserahkan ke otoritas lain bila hukum Kerajaan mewajibkannya.

## Cara melindunginya
Akun dilindungi kata sandi, petugas juga memakai faktor kedua, setiap koneksi dienkripsi, dan setiap perubahan pada permohonan dicatat beserta siapa dan kapan.

## Yang dapat Anda lakukan
Anda dapat melihat dan memperbaiki profil kapan saja, menarik kembali undangan atau persetujuan tetap, dan menanyakan data yang disimpan melalui saluran kontak kementerian. Catatan kontrak, pembayaran, dan pengaduan disimpan selama yang diwajibkan aturannya."""),
}

SLA = {
    "en": ("Service-level agreement", """This agreement sets out what each side owes the others on the portal: the pilgrim, the licensed service provider and the ministry. It covers every contract made through the portal, from the start of the Hajj season to the last day for complaints shown below. The targets and deadlines under this text are read from the rules in force and change when the ministry changes them.

## The pilgrim
- Chooses packages and contracts only on the portal, and is responsible for what is done under their account.
- Registers with correct data and keeps their mobile number up to date.
- Reports any fault to the provider at once, through one of the provider's channels, and follows the complaint and escalation procedure.
- Keeps to the agreed plan and times; a pilgrim who did not has no compensation for what followed.

## The provider
- Serves at no lower level than the contract and the ministry's approved packages, and contracts only through the portal.
- Publishes with each package its contact channels and the timetable and conditions of each service, and tells the pilgrim of any change.
- Runs a customer-service office around the clock at the pilgrim's location, answers complaints within the corrective period, and corrects any shortfall at once.
- Pays the compensation the annex sets when a service is late, not delivered, or delivered contrary to the contract.

## The ministry
- Processes valid requests, deals with the applicant directly and keeps requests confidential.
- Publishes the service levels of each e-service, measures them from its own records and shows the results.
- Receives escalated complaints through its care centre, decides them and may sanction a provider: a fine, suspension for seasons, or revocation of its licence.
- Announces planned maintenance in advance. Disputes outside this agreement go to the competent authority."""),
    "ar": ("اتفاقية مستوى الخدمة", """تحدد هذه الاتفاقية ما يلتزم به كل طرف تجاه الآخرين في البوابة: الحاج، ومقدّم الخدمة المرخّص، والوزارة. وتشمل كل عقد أُبرم عبر البوابة من بداية موسم الحج حتى آخر يوم لتقديم الشكاوى المبيّن أدناه. وتُقرأ المستهدفات والمهل الواردة تحت هذا النص من القواعد السارية، وتتغير متى غيّرتها الوزارة.

## الحاج
- يختار الباقات ويتعاقد عبر البوابة فقط، ويتحمّل مسؤولية ما يُجرى باسم حسابه.
- يسجّل ببيانات صحيحة ويحدّث رقم جواله.
- يبلّغ مقدّم الخدمة فوراً عن أي خلل عبر إحدى قنواته، ويتّبع إجراءات الشكوى والتصعيد.
- يلتزم بالخطة والمواعيد المتفق عليها، ولا تعويض لمن لم يلتزم بها عمّا ترتّب على ذلك.

## مقدّم الخدمة
- يقدّم الخدمة بمستوى لا يقل عن العقد وعن الباقات المعتمدة من الوزارة، ولا يتعاقد إلا عبر البوابة.
- ينشر مع كل باقة قنوات تواصله والجدول الزمني لكل خدمة وشروطها، ويُبلغ الحاج بأي تغيير عليها.
- يشغّل مكتباً لخدمة العملاء على مدار الساعة في موقع الحاج، ويرد على الشكاوى خلال المهلة التصحيحية، ويعالج أي قصور فوراً.
- يدفع التعويض الذي يحدده الملحق إذا تأخرت الخدمة أو لم تُقدَّم أو قُدّمت بخلاف العقد.

## الوزارة
- تعالج الطلبات المستوفية للشروط، وتتواصل مع مقدّم الطلب مباشرة، وتحفظ سرية الطلبات.
- تنشر مستويات الخدمة لكل خدمة إلكترونية، وتقيسها من سجلاتها، وتعرض النتائج.
- تستقبل الشكاوى المصعّدة عبر مركز العناية، وتفصل فيها، ولها أن توقّع على مقدّم الخدمة جزاءً: غرامة، أو إيقافاً لمواسم، أو إلغاء الترخيص.
- تعلن الصيانة المجدولة مسبقاً. وتُحال النزاعات الخارجة عن هذه الاتفاقية إلى الجهة المختصة."""),
    "fa": ("توافق‌نامهٔ سطح خدمات", """این توافق‌نامه تعهدات هر طرف را در درگاه بیان می‌کند: زائر، ارائه‌دهندهٔ دارای مجوز و وزارت. همهٔ قراردادهایی را که از طریق درگاه بسته می‌شوند از آغاز موسم حج تا آخرین روز پذیرش شکایت (در پایین) در بر می‌گیرد. اهداف و مهلت‌های زیر این متن از قواعد جاری خوانده می‌شوند و با تغییر آن‌ها تغییر می‌کنند.

## زائر
- بسته‌ها را فقط در درگاه انتخاب می‌کند و قرارداد می‌بندد و مسئول کارهایی است که با حسابش انجام می‌شود.
- با اطلاعات درست ثبت‌نام می‌کند و شمارهٔ همراهش را به‌روز نگه می‌دارد.
- هر نقصی را فوراً از یکی از راه‌های ارتباطی ارائه‌دهنده گزارش می‌کند و روند شکایت و ارجاع را دنبال می‌کند.
- به برنامه و زمان‌های توافق‌شده پایبند است؛ زائری که پایبند نبوده برای پیامدهای آن غرامتی ندارد.

## ارائه‌دهنده
- در سطحی نه کمتر از قرارداد و بسته‌های تأییدشدهٔ وزارت خدمت می‌دهد و فقط از طریق درگاه قرارداد می‌بندد.
- با هر بسته راه‌های ارتباطی، زمان‌بندی و شرایط هر خدمت را منتشر می‌کند و هر تغییری را به زائر اطلاع می‌دهد.
- دفتر خدمات مشتریان شبانه‌روزی در محل زائر دارد، در مهلت اصلاحی به شکایت‌ها پاسخ می‌دهد و هر کمبودی را فوراً جبران می‌کند.
- غرامتی را که پیوست تعیین می‌کند در صورت تأخیر، عدم ارائه یا ارائهٔ خلاف قرارداد می‌پردازد.

## وزارت
- درخواست‌های معتبر را بررسی می‌کند، مستقیماً با متقاضی در ارتباط است و درخواست‌ها را محرمانه نگه می‌دارد.
- سطح خدمات هر خدمت الکترونیکی را منتشر می‌کند، از سوابق خود می‌سنجد و نتیجه را نشان می‌دهد.
- شکایت‌های ارجاع‌شده را از طریق مرکز رسیدگی می‌پذیرد، دربارهٔ آن‌ها تصمیم می‌گیرد و می‌تواند ارائه‌دهنده را جریمه، برای چند موسم تعلیق یا مجوزش را لغو کند.
- نگهداری برنامه‌ریزی‌شده را از پیش اعلام می‌کند. اختلافات خارج از این توافق‌نامه به مرجع صالح ارجاع می‌شود."""),
    "ur": ("سروس لیول معاہدہ", """یہ معاہدہ بتاتا ہے کہ پورٹل پر ہر فریق دوسروں کے لیے کس چیز کا پابند ہے: حاجی، لائسنس یافتہ سروس فراہم کنندہ اور وزارت۔ یہ پورٹل کے ذریعے کیے گئے ہر معاہدے پر حج سیزن کے آغاز سے شکایات کے آخری دن تک (نیچے درج) لاگو ہے۔ اس متن کے نیچے اہداف اور مہلتیں نافذ قواعد سے پڑھی جاتی ہیں اور ان کے بدلنے پر بدل جاتی ہیں۔

## حاجی
- پیکج صرف پورٹل پر منتخب کرتا اور معاہدہ کرتا ہے، اور اپنے اکاؤنٹ سے ہونے والے کام کا ذمہ دار ہے۔
- درست معلومات کے ساتھ رجسٹر کرتا اور اپنا موبائل نمبر اپ ڈیٹ رکھتا ہے۔
- کسی بھی خرابی کی فوراً کمپنی کے کسی ذریعے سے اطلاع دیتا اور شکایت و اپیل کے طریقے پر عمل کرتا ہے۔
- طے شدہ پروگرام اور اوقات کی پابندی کرتا ہے؛ جو پابندی نہ کرے اسے اس کے نتیجے کا معاوضہ نہیں ملتا۔

## سروس فراہم کنندہ
- معاہدے اور وزارت کے منظور شدہ پیکجوں سے کم درجے کی خدمت نہیں دیتا اور صرف پورٹل کے ذریعے معاہدہ کرتا ہے۔
- ہر پیکج کے ساتھ اپنے رابطے کے ذرائع اور ہر خدمت کا نظام الاوقات اور شرائط شائع کرتا ہے اور ہر تبدیلی سے حاجی کو آگاہ کرتا ہے۔
- حاجی کے مقام پر چوبیس گھنٹے کسٹمر سروس دفتر چلاتا ہے، اصلاحی مدت میں شکایات کا جواب دیتا ہے اور ہر کمی فوراً دور کرتا ہے۔
- خدمت میں تاخیر، عدم فراہمی یا معاہدے کے خلاف فراہمی پر ضمیمے کے مطابق معاوضہ ادا کرتا ہے۔

## وزارت
- درست درخواستوں پر کارروائی کرتی ہے، درخواست گزار سے براہِ راست رابطہ رکھتی ہے اور درخواستیں رازدارانہ رکھتی ہے۔
- ہر ای سروس کے سروس لیول شائع کرتی ہے، انہیں اپنے ریکارڈ سے ناپتی ہے اور نتائج دکھاتی ہے۔
- کیئر سینٹر کے ذریعے اپیل شدہ شکایات وصول کر کے ان کا فیصلہ کرتی ہے اور کمپنی پر جرمانہ، چند سیزن کی معطلی یا لائسنس کی منسوخی کی سزا دے سکتی ہے۔
- طے شدہ دیکھ بھال کا پیشگی اعلان کرتی ہے۔ اس معاہدے سے باہر کے تنازعات مجاز ادارے کو بھیجے جاتے ہیں۔"""),
    "ms": ("Perjanjian tahap perkhidmatan", """Perjanjian ini menetapkan tanggungjawab setiap pihak di portal: jemaah, penyedia perkhidmatan berlesen dan kementerian. Ia meliputi setiap kontrak yang dibuat melalui portal, dari permulaan musim haji hingga hari terakhir aduan yang ditunjukkan di bawah. Sasaran dan tempoh di bawah teks ini dibaca daripada peraturan yang berkuat kuasa dan berubah apabila kementerian mengubahnya.

## Jemaah
- Memilih pakej dan berkontrak hanya di portal, dan bertanggungjawab atas apa yang dilakukan melalui akaunnya.
- Mendaftar dengan data yang betul dan mengemas kini nombor telefon bimbitnya.
- Melaporkan sebarang kerosakan kepada penyedia dengan segera melalui salah satu salurannya, dan mengikuti prosedur aduan dan peningkatan.
- Mematuhi rancangan dan masa yang dipersetujui; jemaah yang tidak mematuhinya tiada pampasan bagi akibatnya.

## Penyedia
- Memberi perkhidmatan tidak kurang daripada kontrak dan pakej yang diluluskan kementerian, dan berkontrak hanya melalui portal.
- Menerbitkan bersama setiap pakej saluran hubungannya serta jadual dan syarat setiap perkhidmatan, dan memaklumkan jemaah tentang sebarang perubahan.
- Mengendalikan pejabat khidmat pelanggan sepanjang masa di lokasi jemaah, menjawab aduan dalam tempoh pembetulan, dan membetulkan sebarang kekurangan dengan segera.
- Membayar pampasan yang ditetapkan lampiran apabila perkhidmatan lewat, tidak diberikan atau diberikan bertentangan dengan kontrak.

## Kementerian
- Memproses permohonan yang sah, berurusan terus dengan pemohon dan merahsiakan permohonan.
- Menerbitkan tahap perkhidmatan setiap e-perkhidmatan, mengukurnya daripada rekodnya sendiri dan memaparkan hasilnya.
- Menerima aduan yang ditingkatkan melalui pusat khidmatnya, memutuskannya dan boleh mengenakan sanksi ke atas penyedia: denda, penggantungan untuk beberapa musim atau pembatalan lesen.
- Mengumumkan penyelenggaraan yang dirancang lebih awal. Pertikaian di luar perjanjian ini dirujuk kepada pihak berkuasa yang berwibawa."""),
    "id": ("Perjanjian tingkat layanan", """Perjanjian ini menetapkan kewajiban setiap pihak di portal: jemaah, penyelenggara berizin, dan kementerian. Perjanjian ini mencakup setiap kontrak yang dibuat melalui portal, sejak awal musim haji hingga hari terakhir pengaduan yang ditampilkan di bawah. Target dan tenggat di bawah teks ini dibaca dari aturan yang berlaku dan berubah saat kementerian mengubahnya.

## Jemaah
- Memilih paket dan berkontrak hanya di portal, dan bertanggung jawab atas apa yang dilakukan melalui akunnya.
- Mendaftar dengan data yang benar dan memperbarui nomor ponselnya.
- Segera melaporkan setiap gangguan kepada penyelenggara melalui salah satu salurannya, dan mengikuti prosedur pengaduan dan eskalasi.
- Mematuhi rencana dan waktu yang disepakati; jemaah yang tidak mematuhinya tidak mendapat kompensasi atas akibatnya.

## Penyelenggara
- Melayani tidak lebih rendah dari kontrak dan paket yang disetujui kementerian, dan berkontrak hanya melalui portal.
- Menerbitkan bersama setiap paket saluran kontaknya serta jadwal dan syarat setiap layanan, dan memberi tahu jemaah setiap perubahan.
- Menjalankan kantor layanan pelanggan sepanjang waktu di lokasi jemaah, menjawab pengaduan dalam masa perbaikan, dan segera memperbaiki setiap kekurangan.
- Membayar kompensasi yang ditetapkan lampiran bila layanan terlambat, tidak diberikan, atau diberikan tidak sesuai kontrak.

## Kementerian
- Memproses permohonan yang sah, berhubungan langsung dengan pemohon, dan menjaga kerahasiaan permohonan.
- Menerbitkan tingkat layanan setiap layanan elektronik, mengukurnya dari catatannya sendiri, dan menampilkan hasilnya.
- Menerima pengaduan yang dieskalasi melalui pusat layanannya, memutuskannya, dan dapat menjatuhkan sanksi kepada penyelenggara: denda, penangguhan untuk beberapa musim, atau pencabutan izin.
- Mengumumkan pemeliharaan terjadwal sebelumnya. Sengketa di luar perjanjian ini diserahkan kepada otoritas yang berwenang."""),
}

COMPLAINTS = {
    "en": ("Complaint and escalation guide", """How to complain about a provider or a ministry service, and what happens next. The deadlines below the steps are the ones in force today.

## 1. Tell the provider at once
On any fault (housing, catering, transport, a missed appointment) report it to the provider straight away through one of the channels published with your package, and keep the report. The provider must correct the fault within its corrective period.

## 2. File the complaint on the portal
File it from your contract's page, with what happened, when and where, and any photographs. You get a tracking number by text message at once, and the complaint is acknowledged within the time shown below. While the complaint waits for information from you, its clock stops.

## 3. Escalate to the ministry
If the provider does not answer or does not correct the fault within its time, the portal offers "escalate now", and escalates the complaint by itself at the deadline. The ministry's monitoring committees then take it over; you can also reach them through the care centre.

## 4. The decision and compensation
The complaint is judged on its merits and you are told what was done, and of any delay. Where the annex gives compensation, you open a claim from the complaint and it is decided within the time shown below. Complaints about a season are accepted until its last day for complaints."""),
    "ar": ("دليل الشكاوى والتصعيد", """كيف تشتكي من مقدّم خدمة أو من خدمة من خدمات الوزارة، وماذا يحدث بعد ذلك. المهل المبيّنة تحت الخطوات هي السارية اليوم.

## 1. أبلغ مقدّم الخدمة فوراً
عند أي خلل (السكن، الإعاشة، النقل، موعد لم يُلتزم به) أبلغ مقدّم الخدمة فوراً عبر إحدى القنوات المنشورة مع باقتك، واحتفظ بما يثبت البلاغ. وعلى مقدّم الخدمة معالجة الخلل خلال مهلته التصحيحية.

## 2. قدّم الشكوى عبر البوابة
قدّمها من صفحة عقدك، مع ما حدث ومتى وأين وأي صور. يصلك رقم المتابعة برسالة نصية فوراً، ويُقرّ باستلام الشكوى خلال المدة المبيّنة أدناه. ويتوقف احتساب المدة ما دامت الشكوى تنتظر معلومات منك.

## 3. صعّد إلى الوزارة
إذا لم يرد مقدّم الخدمة أو لم يعالج الخلل في وقته، تعرض عليك البوابة «التصعيد الآن»، وتصعّد الشكوى تلقائياً عند انتهاء المهلة. فتتولاها لجان الرقابة والمتابعة في الوزارة، ويمكنك التواصل معها عبر مركز العناية.

## 4. القرار والتعويض
يُنظر في الشكوى بحسب موضوعها، وتُبلَّغ بما اتُّخذ وبأي تأخير. وحيث يقرر الملحق تعويضاً تفتح طلب التعويض من الشكوى، ويُبتّ فيه خلال المدة المبيّنة أدناه. وتُقبل الشكاوى المتعلقة بموسم ما حتى آخر يوم لتقديم الشكاوى فيه."""),
    "fa": ("راهنمای شکایت و ارجاع", """چگونه از یک ارائه‌دهنده یا یکی از خدمات وزارت شکایت کنید و پس از آن چه می‌شود. مهلت‌های زیر مراحل، همان‌هایی است که امروز جاری است.

## ۱. فوراً به ارائه‌دهنده بگویید
در هر نقصی (اسکان، غذا، حمل‌ونقل، قراری که رعایت نشد) فوراً از یکی از راه‌های ارتباطی منتشرشده با بستهٔ خود به ارائه‌دهنده گزارش دهید و گزارش را نگه دارید. ارائه‌دهنده باید نقص را در مهلت اصلاحی خود برطرف کند.

## ۲. شکایت را در درگاه ثبت کنید
از صفحهٔ قرارداد خود، با شرح ماجرا، زمان، مکان و هر عکسی ثبت کنید. شمارهٔ پیگیری فوراً با پیامک می‌رسد و دریافت شکایت در مدتی که در پایین آمده تأیید می‌شود. تا زمانی که شکایت منتظر اطلاعات شماست، زمان آن متوقف است.

## ۳. به وزارت ارجاع دهید
اگر ارائه‌دهنده در مهلت خود پاسخ ندهد یا نقص را رفع نکند، درگاه گزینهٔ «ارجاع فوری» را نشان می‌دهد و در پایان مهلت خودش شکایت را ارجاع می‌دهد. آنگاه کمیته‌های نظارت وزارت رسیدگی می‌کنند؛ از طریق مرکز رسیدگی هم می‌توانید با آن‌ها تماس بگیرید.

## ۴. تصمیم و غرامت
شکایت بر اساس موضوعش بررسی می‌شود و از اقدام انجام‌شده و هر تأخیری باخبر می‌شوید. جایی که پیوست غرامت تعیین کرده، از روی شکایت درخواست غرامت باز می‌کنید و در مدتی که در پایین آمده تصمیم گرفته می‌شود. شکایت‌های هر موسم تا آخرین روز پذیرش شکایت آن پذیرفته می‌شود."""),
    "ur": ("شکایت اور اپیل کی رہنمائی", """کسی کمپنی یا وزارت کی کسی خدمت کے بارے میں شکایت کیسے کریں اور اس کے بعد کیا ہوتا ہے۔ مراحل کے نیچے دی گئی مہلتیں آج نافذ ہیں۔

## 1. فوراً کمپنی کو بتائیں
کسی بھی خرابی (رہائش، کھانا، ٹرانسپورٹ، طے شدہ وقت کی خلاف ورزی) پر اپنے پیکج کے ساتھ شائع شدہ کسی ذریعے سے فوراً کمپنی کو اطلاع دیں اور اطلاع کا ثبوت رکھیں۔ کمپنی کو اپنی اصلاحی مدت میں خرابی دور کرنی ہوتی ہے۔

## 2. پورٹل پر شکایت درج کریں
اپنے معاہدے کے صفحے سے، کیا ہوا، کب اور کہاں، اور تصاویر کے ساتھ درج کریں۔ ٹریکنگ نمبر فوراً ایس ایم ایس سے ملتا ہے اور شکایت کی وصولی نیچے دی گئی مدت میں تسلیم کی جاتی ہے۔ جب تک شکایت آپ کی معلومات کی منتظر ہو، اس کا وقت رکا رہتا ہے۔

## 3. وزارت کو اپیل کریں
اگر کمپنی اپنے وقت میں جواب نہ دے یا خرابی دور نہ کرے تو پورٹل «ابھی اپیل کریں» پیش کرتا ہے اور مہلت ختم ہونے پر خود اپیل کر دیتا ہے۔ پھر وزارت کی نگرانی کمیٹیاں معاملہ سنبھالتی ہیں؛ آپ کیئر سینٹر کے ذریعے بھی ان سے رابطہ کر سکتے ہیں۔

## 4. فیصلہ اور معاوضہ
شکایت کا فیصلہ اس کے میرٹ پر ہوتا ہے اور آپ کو کی گئی کارروائی اور کسی تاخیر سے آگاہ کیا جاتا ہے۔ جہاں ضمیمہ معاوضہ دیتا ہے وہاں آپ شکایت سے معاوضے کا دعویٰ کھولتے ہیں جس کا فیصلہ نیچے دی گئی مدت میں ہوتا ہے۔ کسی سیزن کی شکایات اس کی شکایات کے آخری دن تک قبول کی جاتی ہیں۔"""),
    "ms": ("Panduan aduan dan peningkatan", """Cara membuat aduan tentang penyedia atau perkhidmatan kementerian, dan apa yang berlaku seterusnya. Tempoh di bawah langkah-langkah ini ialah yang berkuat kuasa hari ini.

## 1. Maklumkan penyedia dengan segera
Bagi sebarang kerosakan (penginapan, makanan, pengangkutan, janji temu yang terlepas) laporkan kepada penyedia dengan segera melalui salah satu saluran yang diterbitkan bersama pakej anda, dan simpan bukti laporan. Penyedia mesti membetulkannya dalam tempoh pembetulannya.

## 2. Failkan aduan di portal
Failkan dari halaman kontrak anda, dengan apa yang berlaku, bila dan di mana, serta gambar. Anda menerima nombor penjejakan melalui SMS dengan segera, dan aduan diakui dalam masa yang ditunjukkan di bawah. Semasa aduan menunggu maklumat daripada anda, jamnya berhenti.

## 3. Tingkatkan kepada kementerian
Jika penyedia tidak menjawab atau tidak membetulkan kerosakan dalam masanya, portal menawarkan "tingkatkan sekarang", dan meningkatkan aduan dengan sendirinya apabila tempoh tamat. Jawatankuasa pemantauan kementerian kemudian mengambil alih; anda juga boleh menghubungi mereka melalui pusat khidmat.

## 4. Keputusan dan pampasan
Aduan dinilai mengikut meritnya dan anda dimaklumkan tentang tindakan yang diambil serta sebarang kelewatan. Jika lampiran memberi pampasan, anda membuka tuntutan daripada aduan dan ia diputuskan dalam masa yang ditunjukkan di bawah. Aduan tentang sesuatu musim diterima hingga hari terakhir aduannya."""),
    "id": ("Panduan pengaduan dan eskalasi", """Cara mengadukan penyelenggara atau layanan kementerian, dan apa yang terjadi selanjutnya. Tenggat di bawah langkah-langkah ini adalah yang berlaku hari ini.

## 1. Segera beri tahu penyelenggara
Untuk setiap gangguan (akomodasi, konsumsi, transportasi, janji yang tidak ditepati) segera laporkan kepada penyelenggara melalui salah satu saluran yang diterbitkan bersama paket Anda, dan simpan bukti laporannya. Penyelenggara wajib memperbaikinya dalam masa perbaikannya.

## 2. Ajukan pengaduan di portal
Ajukan dari halaman kontrak Anda, dengan apa yang terjadi, kapan dan di mana, serta foto. Nomor pelacakan segera dikirim lewat SMS, dan pengaduan dikonfirmasi dalam waktu yang ditampilkan di bawah. Selama pengaduan menunggu informasi dari Anda, waktunya berhenti.

## 3. Eskalasi ke kementerian
Jika penyelenggara tidak menjawab atau tidak memperbaiki gangguan dalam waktunya, portal menawarkan "eskalasi sekarang", dan mengeskalasi pengaduan dengan sendirinya saat tenggat tiba. Komite pengawasan kementerian lalu mengambil alih; Anda juga dapat menghubungi mereka melalui pusat layanan.

## 4. Keputusan dan kompensasi
Pengaduan dinilai berdasarkan pokok perkaranya dan Anda diberi tahu tindakan yang diambil serta setiap keterlambatan. Bila lampiran memberikan kompensasi, Anda membuka klaim dari pengaduan dan klaim diputuskan dalam waktu yang ditampilkan di bawah. Pengaduan tentang suatu musim diterima hingga hari terakhir pengaduannya."""),
}

DOCUMENTS = {"terms": TERMS, "privacy": PRIVACY, "service-level-agreement": SLA,
             "complaints-guide": COMPLAINTS}


def documents_seed(document_model, translation_model, *, published_at) -> None:
    """Version 1 of each text in every language (models passed in: a migration gives its
    historical ones). Found by kind and version, so a second run changes nothing."""
    for kind, languages in DOCUMENTS.items():
        document, _created = document_model.objects.get_or_create(
            kind=kind, version=1, defaults={"published_at": published_at})
        for language, (title, body) in languages.items():
            translation_model.objects.update_or_create(
                master=document, language_code=language,
                defaults={"title": title, "body": body})
