/* identifying.h — what may identify a person in what a team types: a phone or identity
 * number, an e-mail address, in a participant's code or site and in a diary's text. Said as
 * warnings wherever they come in and listed by check, never refused.
 * Pure functions of their strings: nothing to free, no error to return. */
#ifndef CARNET_IDENTIFYING_H
#define CARNET_IDENTIFYING_H

#include <stdbool.h>
#include <stddef.h>

/* Whether a participant's code or site (cn_identifying_value) may identify its person, and
 * why: codes are pseudonyms, sites name a place of care. The team chooses them: what this
 * finds is said as a warning (participant add, import, check), never refused. */
typedef enum cn_identifying {
    CN_IDENT_NONE,   /* nothing found */
    CN_IDENT_NUMBER, /* a run of CN_IDENT_DIGITS digits or more, counted across single
                        spaces, dots, dashes or slashes ("01 45 67 89 01"): a phone number,
                        a social-security or patient number, a date of birth */
    CN_IDENT_EMAIL,  /* something@domain.tld: an e-mail address */
    CN_IDENT_AT,     /* another '@': an address or a handle */
} cn_identifying;
#define CN_IDENT_DIGITS 7
cn_identifying cn_identifying_value(const char *value);
/* The same in a diary's text, which holds dates, years and doses: a phone or identity
 * number of CN_IDENT_TEXT_DIGITS digits or more in groups joined by spaces, dots, dashes,
 * brackets or no-break spaces (not slashes: "le 12/03/2025" is a date of the diary; a date
 * or a year ends a number, a unit after it makes it a quantity: "60-55-50-45-40 mg"), or an
 * e-mail address (a full stop after it is the sentence's); *offset: the byte where the
 * first one begins. Said by check, the commands that add entries and the desk (trial
 * 83: a phone number and an e-mail's name became a class's words), never refused. */
#define CN_IDENT_TEXT_DIGITS 9
cn_identifying cn_identifying_in_text(const char *text, size_t *offset);
/* "looks like a phone or identity number", "looks like an e-mail address", ... */
const char *cn_identifying_reason(cn_identifying why);

/* Whether a diary's text holds what may identify its writer or another person
 * (cn_identifying_in_text), said as the end of a sentence about it ("holds, at its
 * character 12, what looks like a phone or identity number") into out (size bytes). A
 * warning wherever entries come in and in check, never a refusal. */
#define CN_IDENTIFYING_SAID_MAX 96
bool cn_identifying_said(const char *text, char *out, size_t size);

#endif
