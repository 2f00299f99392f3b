/* themes.h — the words of the demo study's diaries, written for this project.
 * Three recurring themes per language; a sentence template holds '@' (a noun of its theme)
 * and '#' (a second noun of its theme), filled at random by carnet-gen. */
#ifndef CARNET_GEN_THEMES_H
#define CARNET_GEN_THEMES_H

#define NTHEMES 3
#define NLANGS 2 /* 0 = fr, 1 = en */

static const char *const theme_names[NTHEMES] = {"care", "family", "survival"};

typedef struct theme_words {
    const char *const *templates;
    int ntemplates;
    const char *const *nouns;
    int nnouns;
} theme_words;

/* ---- French ---- */
static const char *const fr_care_t[] = {
    "Rendez-vous au centre ce matin pour @, l'infirmière a parlé de #.",
    "J'ai attendu longtemps à la pharmacie pour @.",
    "Le médecin a changé @ et on reparle de # la semaine prochaine.",
    "Le traitement me fatigue, mais @ m'aide à tenir la journée.",
    "Au groupe de parole on a discuté de @ et de #.",
    "La psychologue m'a demandé d'écrire sur @.",
    "J'ai pris ma dose à l'heure, puis @ au centre de soins.",
    "Encore une ordonnance à renouveler, et @ à prévoir avec l'infirmière.",
    "Je suis passé au centre, @ était fermé, j'ai dû revenir pour #.",
    "Journée rythmée par @ : se lever, prendre le traitement, aller au rendez-vous.",
};
static const char *const fr_care_n[] = {
    "la méthadone",     "le traitement",       "la dose",
    "l'ordonnance",     "le rendez-vous",      "la consultation",
    "le bilan sanguin", "le dosage",           "la prise de sang",
    "le suivi",         "l'éducatrice",        "le médecin",
    "la pharmacienne",  "le groupe de parole", "les soins",
};
static const char *const fr_family_t[] = {
    "Ma fille est venue à la maison, on a parlé de @.",
    "Dimanche repas chez ma mère avec @.",
    "J'ai appelé mon fils au téléphone, il m'a raconté @.",
    "La maison est calme, j'ai rangé @ et préparé #.",
    "Mon frère est passé, on a regardé @ ensemble.",
    "Les enfants étaient contents de @ ce week-end.",
    "Ma compagne m'a aidé pour @ et #.",
    "J'ai fait la cuisine pour toute la famille, @ et #.",
    "Ma sœur me manque, je pense souvent à @.",
    "Soirée en famille à l'appartement autour de @.",
};
static const char *const fr_family_n[] = {
    "l'école des enfants",
    "le repas du dimanche",
    "les vacances",
    "la chambre des petits",
    "les photos de famille",
    "le gâteau",
    "les devoirs",
    "le jardin",
    "l'anniversaire de ma fille",
    "la cuisine",
    "les courses",
    "la visite de ma mère",
    "les souvenirs",
    "le déménagement",
    "le linge",
};
static const char *const fr_survival_t[] = {
    "L'envie de consommer est revenue ce soir, j'ai pensé à @.",
    "Au travail le patron m'a parlé de @.",
    "Pas d'argent cette semaine, @ et # à payer.",
    "Nuit difficile dans la rue, j'ai surtout cherché @.",
    "J'ai croisé d'anciens copains, le produit circulait, j'ai tenu grâce à @.",
    "Journée de chantier, le corps fatigué, @ toute la journée.",
    "Peur de la rechute, je me répète que @ compte plus.",
    "Encore des dettes, @ me tient éveillé la nuit.",
    "J'ai cherché un travail, @ ne répond pas.",
    "Rester en vie, c'est d'abord @ et #.",
};
static const char *const fr_survival_n[] = {
    "la dette",   "le loyer",   "le chantier",       "l'intérim", "la paie",
    "le produit", "la rechute", "le manque",         "la rue",    "le foyer",
    "la survie",  "le boulot",  "les consommations", "la galère", "le squat",
};

/* ---- English ---- */
static const char *const en_care_t[] = {
    "Appointment at the clinic this morning about @, the nurse talked about #.",
    "I waited a long time at the pharmacy for @.",
    "The doctor changed @ and we will talk about # next week.",
    "The treatment makes me tired, but @ helps me get through the day.",
    "At the support group we talked about @ and #.",
    "The counsellor asked me to write about @.",
    "Took my dose on time, then @ at the clinic.",
    "Another prescription to renew, and @ to arrange with the nurse.",
    "Went to the clinic, @ was closed, had to come back for #.",
    "The day turned around @: get up, take the treatment, go to the appointment.",
};
static const char *const en_care_n[] = {
    "the methadone",    "the treatment",  "the dose",       "the prescription",  "the appointment",
    "the consultation", "the blood test", "the dosage",     "the key worker",    "the follow-up",
    "the nurse",        "the doctor",     "the pharmacist", "the support group", "the clinic",
};
static const char *const en_family_t[] = {
    "My daughter came home, we talked about @.",
    "Sunday lunch at my mother's with @.",
    "Called my son on the phone, he told me about @.",
    "The house is quiet, I tidied @ and made #.",
    "My brother came by, we watched @ together.",
    "The kids were happy about @ this weekend.",
    "My partner helped me with @ and #.",
    "Cooked for the whole family, @ and #.",
    "I miss my sister, I often think about @.",
    "Family evening at the flat around @.",
};
static const char *const en_family_n[] = {
    "the kids' school",       "Sunday lunch", "the holidays", "the children's room",
    "the family photos",      "the cake",     "the homework", "the garden",
    "my daughter's birthday", "the kitchen",  "the shopping", "my mother's visit",
    "old memories",           "the move",     "the washing",
};
static const char *const en_survival_t[] = {
    "The craving came back tonight, I thought about @.",
    "At work the boss talked to me about @.",
    "No money this week, @ and # to pay.",
    "Hard night on the street, mostly looking for @.",
    "Ran into old mates, the gear was going round, I held on thanks to @.",
    "Day on the building site, body worn out, @ all day.",
    "Scared of relapsing, I keep telling myself @ matters more.",
    "More debts, @ keeps me awake at night.",
    "Looked for a job, @ is not answering.",
    "Staying alive is first of all @ and #.",
};
static const char *const en_survival_n[] = {
    "the debt",   "the rent",     "the building site", "the agency work",
    "the wages",  "the gear",     "the relapse",       "the withdrawal",
    "the street", "the hostel",   "survival",          "the job",
    "using",      "the struggle", "the squat",
};

#define WORDS(t, n)                                                                                \
    {                                                                                              \
        t, sizeof t / sizeof *t, n, sizeof n / sizeof *n                                           \
    }
static const theme_words themes[NLANGS][NTHEMES] = {
    {WORDS(fr_care_t, fr_care_n), WORDS(fr_family_t, fr_family_n),
     WORDS(fr_survival_t, fr_survival_n)},
    {WORDS(en_care_t, en_care_n), WORDS(en_family_t, en_family_n),
     WORDS(en_survival_t, en_survival_n)},
};
#undef WORDS

/* Sentences with no theme, so that entries read like diaries and not like word lists. */
static const char *const filler[NLANGS][8] = {
    {"Il a plu toute la journée.", "Pas grand-chose à dire aujourd'hui.",
     "Je suis fatigué ce soir.", "Il faisait beau, je suis sorti marcher.",
     "Je n'ai pas écrit depuis quelques jours.", "Demain sera peut-être meilleur.",
     "J'ai mal dormi.", "Une journée comme les autres."},
    {"It rained all day.", "Not much to say today.", "I am tired tonight.",
     "It was sunny, I went for a walk.", "I have not written for a few days.",
     "Maybe tomorrow will be better.", "I slept badly.", "A day like any other."},
};

#endif
