"""Synthetic Moroccan names and places (Arabic, French) for demo data: no real person is listed."""

MALE_FIRST = [
    ("محمد", "Mohamed"), ("أحمد", "Ahmed"), ("يوسف", "Youssef"), ("عمر", "Omar"), ("ياسين", "Yassine"),
    ("حمزة", "Hamza"), ("أيوب", "Ayoub"), ("مهدي", "Mehdi"), ("آدم", "Adam"), ("إلياس", "Ilyas"),
    ("عبد الله", "Abdellah"), ("إسماعيل", "Ismail"), ("زكرياء", "Zakaria"), ("أنس", "Anass"),
    ("سعيد", "Said"), ("رضا", "Reda"), ("بلال", "Bilal"), ("نوفل", "Naoufal"), ("عثمان", "Othmane"),
    ("إدريس", "Driss"), ("الحسن", "El Hassan"), ("كريم", "Karim"), ("أسامة", "Oussama"), ("سفيان", "Soufiane"),
]
FEMALE_FIRST = [
    ("فاطمة", "Fatima"), ("خديجة", "Khadija"), ("مريم", "Meryem"), ("سلمى", "Salma"), ("هبة", "Hiba"),
    ("إيمان", "Imane"), ("آية", "Aya"), ("نهى", "Noha"), ("سارة", "Sara"), ("زينب", "Zineb"),
    ("كوثر", "Kawtar"), ("هاجر", "Hajar"), ("أسماء", "Asmaa"), ("سكينة", "Soukaina"), ("وئام", "Wiam"),
    ("ياسمين", "Yasmine"), ("نسرين", "Nisrine"), ("لينا", "Lina"), ("رانية", "Rania"), ("شيماء", "Chaimae"),
    ("دعاء", "Douae"), ("عائشة", "Aicha"), ("حنان", "Hanane"), ("إكرام", "Ikram"),
]
FAMILY = [
    ("العلوي", "Alaoui"), ("الإدريسي", "Idrissi"), ("بنعلي", "Benali"), ("التازي", "Tazi"), ("الفاسي", "Fassi"),
    ("بناني", "Bennani"), ("الشرقاوي", "Cherkaoui"), ("المرابط", "Mrabet"), ("الزياني", "Ziani"),
    ("أمزيان", "Amziane"), ("أوعلي", "Ouali"), ("الحسني", "Hassani"), ("بوزيد", "Bouzid"), ("الصديقي", "Seddiki"),
    ("الكتاني", "Kettani"), ("الرحموني", "Rahmouni"), ("الوزاني", "Ouazzani"), ("أيت حمو", "Ait Hammou"),
    ("البقالي", "Bekkali"), ("الخياطي", "Khayati"), ("المنصوري", "Mansouri"), ("الجبلي", "Jebli"),
    ("بنموسى", "Benmoussa"), ("الطاهري", "Tahiri"), ("القادري", "Kadiri"), ("الغزواني", "Ghazouani"),
    ("السباعي", "Sbai"), ("العمراني", "Amrani"), ("الريفي", "Rifi"), ("الدكالي", "Doukkali"),
]
PLACE_HEAD = [("عين", "Aïn"), ("سيدي", "Sidi"), ("أولاد", "Oulad"), ("بني", "Beni"), ("تيزي", "Tizi"), ("آيت", "Aït")]
PLACE_TAIL = [
    ("الشقف", "Chkef"), ("حرازم", "Harazem"), ("لحسن", "Lahcen"), ("يوسف", "Youssef"), ("ميمون", "Mimoun"),
    ("بوشتى", "Bouchta"), ("علي", "Ali"), ("حمو", "Hammou"), ("سعيد", "Said"), ("إبراهيم", "Brahim"),
    ("عمر", "Omar"), ("جعفر", "Jaafar"), ("موسى", "Moussa"), ("قاسم", "Kacem"), ("الطيب", "Taieb"),
]
SCHOOL_PATRONS = [
    ("ابن خلدون", "Ibn Khaldoun"), ("المسيرة", "Al Massira"), ("الفارابي", "Al Farabi"), ("ابن رشد", "Ibn Rochd"),
    ("الأمل", "Al Amal"), ("النهضة", "Annahda"), ("ابن سينا", "Ibn Sina"), ("القدس", "Al Qods"),
    ("مولاي إدريس", "Moulay Idriss"), ("الوحدة", "Al Wahda"), ("الأندلس", "Al Andalous"),
    ("الخوارزمي", "Al Khawarizmi"), ("الزيتون", "Azzaytoune"), ("الرازي", "Arrazi"), ("المنار", "Al Manar"),
]
SCHOOL_KIND = {
    "primary": ("مدرسة", "École"),
    "lower_secondary": ("الثانوية الإعدادية", "Collège"),
    "upper_secondary": ("الثانوية التأهيلية", "Lycée"),
}
