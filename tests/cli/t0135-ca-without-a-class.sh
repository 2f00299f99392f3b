#!/bin/bash
# Trial 87: a class none of whose segments holds an active form of 3 classified units or
# more left its column of the CA table empty, and the whole run was refused ("column 1 of
# the CA table is empty", no folder). The run is written; its report says why there is no
# plane, and no afc_*.csv is written.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }

cat >short.txt <<'TXT'
**** *part_P01 *case_zb
Heute war ich in der Praxis und habe z.B. Fragen zu meiner Dosis gestellt und die Ärztin hat mir alles erklärt was ich wissen wollte über die neue Behandlung.
**** *part_P01 *case_dh
Ich nehme jetzt weniger, d.h. Methadon nur noch morgens, und abends gar nichts mehr, weil ich nachts sonst nicht schlafen kann und das stört mich sehr.
**** *part_P01 *case_eg
I talk about small things, e.g. Football or the weather, with the nurse while I wait for my dose at the clinic every morning before work starts.
**** *part_P01 *case_ie
The clinic is closed on the weekend, i.e. Saturday and Sunday, so I have to collect my take home doses on Friday afternoon before they close at five.
**** *part_P01 *case_am
I woke at 7 a.m. Then I took my dose at the clinic and waited for the nurse to come back with the results of the test that was done last week.
**** *part_P01 *case_pm
I woke at 7 a.m. and took my dose at the clinic and waited for the nurse to come back with the results of the test that was done last week at the hospital.
**** *part_P01 *case_edf
Mon frère travaille chez E.D.F. Il m'a trouvé un petit boulot de manutention pour l'été mais je ne sais pas si je tiendrai le rythme avec le traitement du matin.
**** *part_P01 *case_pex
J'ai parlé de plein de choses, p.ex. Marie et les enfants, avec la psychologue pendant une heure et demie ce matin au centre avant la distribution.
**** *part_P01 *case_eg40
Sometimes I take more, e.g. 40 mg instead of 30 mg, when the pain is too strong and I cannot sleep at night because of it, and then I feel bad.
TXT
expect_ok "a run with a class of rare forms" ca run short.txt -o res --segment-size 12 --min-freq 1
expect_grep "the report says why there is no plane" \
    "Class [0-9]+ holds no active form of 3 classified segments or more: the classes cannot be placed on a plane" \
    res/report.html
[ -e res/afc_rows.csv ] && fail "a CA table written without a CA"
finish
