"""The words that attribute speech, belief and claims in news prose, and the stance they carry."""

from __future__ import annotations

# Verbs whose clausal complement is something a source said, wrote, believes or claims. The
# list follows the reporting verbs of attribution corpora (PARC, PolNeAR): speech first, then
# writing, then belief and intention, which news attributes the same way.
REPORTING_VERBS = frozenset(
    """
    say tell add claim deny insist argue warn announce report state note explain suggest
    declare assert contend maintain allege acknowledge admit concede confirm reveal disclose
    stress emphasize emphasise reiterate repeat recall remark observe comment reply respond
    answer retort counter quip joke boast complain lament predict promise pledge vow
    threaten assure caution urge ask question wonder testify write tweet post publish blog
    email text believe think feel fear hope expect worry doubt suspect know realize realise
    understand conclude find estimate show indicate signal suggest imply mention point agree
    speculate guess reckon figure assume charge accuse blame criticize criticise praise
    describe call demand propose recommend advise inform remind convince persuade decide
    plan want continue yell shout scream chant exclaim interject snap plead beg muse tease
    cheer read put
    """.split()
)

# Speech acts about a thing rather than a proposition: what they attribute is their object
# ("Clinton criticized the plan") or the object of their particle ("called for a ban").
OBJECT_VERBS = frozenset(
    """
    discuss criticize criticise praise cite endorse support propose reject dismiss defend
    question mention recall reveal tweet post announce describe deny blame accuse condemn
    denounce slam blast attack applaud welcome oppose back favor favour acknowledge admit
    confirm predict promise demand recommend tout highlight emphasize emphasise stress
    repeat reiterate echo invoke dispute challenge express voice release publish report
    estimate suggest mock ridicule decry lament tell ask
    """.split()
)
# Verbs that say someone did wrong, and what: "accused X of Y", "blamed X for Y".
ACCUSING_VERBS = frozenset({"accuse", "blame", "charge"})
PARTICLE_CUES = {
    "call": "for on",
    "talk": "about",
    "speak": "about of",
    "ask": "about",
    "refer": "to",
    "point": "to",
    "complain": "about of",
    "warn": "of about against",
    "apologize": "for",
    "apologise": "for",
    "comment": "on",
    "insist": "on",
    "argue": "for against",
    "push": "for",
    "advocate": "for",
    "worry": "about",
    "boast": "about of",
    "joke": "about",
    "write": "about",
    "say": "of about",
    "testify": "about",
}
# Verbs of intent and pressure whose infinitive is the attributed content ("vowed to fight").
INFINITIVE_VERBS = frozenset(
    """
    promise vow pledge threaten refuse decline want plan hope urge ask encourage agree offer
    seek intend expect aim demand tell order warn push press implore call vote
    """.split()
)

# Verbs whose subject speaks but whose complement is usually not a clause: "called X Y".
NAMING_VERBS = frozenset(
    """
    call describe label dub brand term name
    """.split()
)

# Nouns that introduce attributed content: "the ministry's claim that ...".
REPORTING_NOUNS = frozenset(
    """
    claim statement assertion allegation denial warning announcement report belief view
    argument promise pledge suggestion insistence admission acknowledgement acknowledgment
    fear hope prediction
    """.split()
)

# The stance a cue takes towards the truth of what it introduces.
DENIAL_VERBS = frozenset(
    """
    deny dispute reject refute contradict dismiss rebut disavow contest
    """.split()
)
CONFIRMATION_VERBS = frozenset(
    """
    confirm acknowledge admit concede verify corroborate
    """.split()
)
# The verbs that assert what their clause says (a claim someone can deny), beside those of belief
# ("believe", "fear"), of asking or urging ("urge", "demand") and of promising ("vow").
CLAIM_VERBS = frozenset(
    """
    say claim state announce report assert declare insist allege maintain contend tell add
    write post tweet argue reveal disclose warn caution complain conclude estimate predict
    testify stress emphasise emphasize explain note reiterate repeat remark observe indicate
    suggest assure counter retort mention recall
    """.split()
)
NO_COMMENT_VERBS = frozenset(["comment", "respond", "confirm", "answer"])
# Verbs of refusing to speak: "declined to say ...", "refused to confirm ...".
REFUSING_VERBS = frozenset({"decline", "refuse"})
# Every denying and confirming verb reports what it denies or confirms ("disputed that ...",
# "verified that ...").
REPORTING_VERBS |= DENIAL_VERBS | CONFIRMATION_VERBS

SPEECH_COLON_CUES = (":",)
