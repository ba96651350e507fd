"""Hand-built One Million Schoolbags data: small enough to check by hand (see the expected values)."""

from handbuilt import pupil

MORE_PUPILS = [pupil("B100000001", born="2019-05-01"), pupil("B100000002", born="2019-06-01", sex="M"),
               pupil("B100000003", born="2019-07-01")]
KIT_ITEMS = [
    {"item_code": "TB-1AP-AR", "kind": "textbook", "subject": "Arabe", "name_fr": "Arabe 1AP", "name_ar": "العربية",
     "unit_cost_mad": "20"},
    {"item_code": "TB-1AC-MA", "kind": "manuel", "subject": "Maths", "name_fr": "Maths 1AC", "name_ar": "الرياضيات",
     "unit_cost_mad": "30"},
    {"item_code": "NB-48", "kind": "notebook", "subject": "", "name_fr": "Cahier 48", "name_ar": "دفتر",
     "unit_cost_mad": "2.5"},
    {"item_code": "BAG", "kind": "bag", "subject": "", "name_fr": "Cartable", "name_ar": "محفظة",
     "unit_cost_mad": "60"},
]
KIT_COMPOSITION = [
    {"year": "2025-2026", "level_code": "1AP", "milieu": "all", "item_code": "TB-1AP-AR", "quantity": "1"},
    {"year": "2025-2026", "level_code": "1AP", "milieu": "all", "item_code": "BAG", "quantity": "1"},
    {"year": "2025-2026", "level_code": "1AP", "milieu": "rural", "item_code": "NB-48", "quantity": "6"},
    {"year": "2025-2026", "level_code": "1AC", "milieu": "all", "item_code": "TB-1AC-MA", "quantity": "1"},
    {"year": "2025-2026", "level_code": "1AC", "milieu": "rural", "item_code": "NB-48", "quantity": "4"},
]
RETURNED_BOOKS = [
    {"year": "2025-2026", "school_code": "11111A", "item_code": "TB-1AP-AR", "returned": "5", "usable": "4"},
    {"year": "2025-2026", "school_code": "22222B", "item_code": "TB-1AC-MA", "returned": "3", "usable": "3"},
]
# Beneficiaries: 11111A 1AP rural = A000000001, B100000001, B100000002 (A000000002 left, B100000003 excluded);
# 22222B 1AC urban = A000000003. Hence, per school and item:
EXPECTED_KIT_NEEDS = (
    "school_code,item_code,required,usable_stock,to_order,surplus\n"
    "11111A,BAG,3,0,3,0\n"
    "11111A,NB-48,18,0,18,0\n"
    "11111A,TB-1AP-AR,3,4,0,1\n"
    "22222B,TB-1AC-MA,1,3,0,2\n"
)

# Tayssir on the same map (11111A: rural targeted commune, primary; 22222B: urban, not targeted, collège).
