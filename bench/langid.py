"""Language identification on short news snippets: py3langid against lingua.

The snippets are invented for this benchmark (short headlines and news sentences in seven
languages). Run: .venv/bin/python bench/langid.py
Reports, for each library: accuracy on the exact language, how often English is taken for
another language (an English report wrongly skipped), how often another language is taken
for English (a foreign report analysed as English), and the time per snippet.

Last run (py3langid 0.4.0, lingua-language-detector 2.1.1, all languages, 105 snippets):

    py3langid  whole 0.990, first 4 words 0.990, first 2 words 0.733; 0.1-0.3 ms a snippet
    lingua     whole 1.000, first 4 words 0.990, first 2 words 0.848; 3-180 ms a snippet (9 s to load)

Neither took another language for English; on whole snippets neither missed English. Reports
are paragraphs, not two words, so storylens uses py3langid (4.5 MB, trafilatura's own extra)
and gives no language below five words.
"""
from __future__ import annotations

import time

SNIPPETS: dict[str, list[str]] = {
    "en": [
        "Fire crews battled the blaze overnight.",
        "The mayor said the bridge would reopen on Monday.",
        "Two people were hurt when the bus left the road.",
        "Police are still searching for the missing hiker.",
        "Shares fell sharply after the announcement.",
        "Residents were told to boil their water.",
        "The storm knocked out power to thousands of homes.",
        "A spokesman declined to comment.",
        "Flights resumed late on Tuesday.",
        "Officials expect the count to rise.",
        "The school will stay closed this week.",
        "Rescuers pulled a woman from the rubble.",
        "Tram services halted after a cable snapped",
        "Council approves new budget",
        "Ferry runs aground near harbour",
    ],
    "fr": [
        "Les pompiers ont lutté toute la nuit contre l'incendie.",
        "Le maire a annoncé la réouverture du pont lundi.",
        "Deux personnes ont été blessées dans l'accident.",
        "La police recherche toujours le randonneur disparu.",
        "Les habitants doivent faire bouillir leur eau.",
        "La tempête a privé des milliers de foyers d'électricité.",
        "Un porte-parole n'a pas souhaité commenter.",
        "Les vols ont repris mardi soir.",
        "Le bilan pourrait encore s'alourdir.",
        "L'école restera fermée cette semaine.",
        "Les secours ont dégagé une femme des décombres.",
        "Le tramway à l'arrêt après la rupture d'un câble",
        "Le conseil adopte le nouveau budget",
        "Un ferry s'échoue près du port",
        "Douze personnes ont été évacuées",
    ],
    "de": [
        "Die Feuerwehr kämpfte die ganze Nacht gegen den Brand.",
        "Der Bürgermeister kündigte an, die Brücke am Montag zu öffnen.",
        "Zwei Menschen wurden bei dem Unfall verletzt.",
        "Die Polizei sucht weiter nach dem vermissten Wanderer.",
        "Die Anwohner sollen ihr Wasser abkochen.",
        "Der Sturm legte die Stromversorgung tausender Haushalte lahm.",
        "Ein Sprecher wollte sich nicht äußern.",
        "Die Flüge wurden am Dienstagabend wieder aufgenommen.",
        "Die Zahl der Opfer könnte noch steigen.",
        "Die Schule bleibt diese Woche geschlossen.",
        "Retter bargen eine Frau aus den Trümmern.",
        "Straßenbahn steht nach Kabelriss still",
        "Stadtrat beschließt neuen Haushalt",
        "Fähre läuft vor dem Hafen auf Grund",
        "Zwölf Menschen wurden in Sicherheit gebracht",
    ],
    "es": [
        "Los bomberos lucharon toda la noche contra el incendio.",
        "El alcalde dijo que el puente reabrirá el lunes.",
        "Dos personas resultaron heridas en el accidente.",
        "La policía sigue buscando al excursionista desaparecido.",
        "Se pidió a los vecinos hervir el agua.",
        "La tormenta dejó sin luz a miles de hogares.",
        "Un portavoz declinó hacer comentarios.",
        "Los vuelos se reanudaron el martes por la noche.",
        "Las autoridades esperan que la cifra aumente.",
        "La escuela seguirá cerrada esta semana.",
        "Los rescatistas sacaron a una mujer de los escombros.",
        "El tranvía se detiene tras romperse un cable",
        "El ayuntamiento aprueba el nuevo presupuesto",
        "Un ferri encalla cerca del puerto",
        "Doce personas fueron evacuadas",
    ],
    "it": [
        "I vigili del fuoco hanno combattuto l'incendio tutta la notte.",
        "Il sindaco ha detto che il ponte riaprirà lunedì.",
        "Due persone sono rimaste ferite nell'incidente.",
        "La polizia sta ancora cercando l'escursionista scomparso.",
        "Ai residenti è stato detto di bollire l'acqua.",
        "La tempesta ha lasciato senza corrente migliaia di case.",
        "Un portavoce ha rifiutato di commentare.",
        "I voli sono ripresi martedì sera.",
        "Le autorità prevedono che il bilancio salga.",
        "La scuola resterà chiusa questa settimana.",
        "I soccorritori hanno estratto una donna dalle macerie.",
        "Tram fermo dopo la rottura di un cavo",
        "Il consiglio approva il nuovo bilancio",
        "Traghetto si incaglia vicino al porto",
        "Dodici persone sono state evacuate",
    ],
    "nl": [
        "De brandweer bestreed de brand de hele nacht.",
        "De burgemeester zei dat de brug maandag weer opengaat.",
        "Twee mensen raakten gewond bij het ongeluk.",
        "De politie zoekt nog steeds naar de vermiste wandelaar.",
        "Bewoners moeten hun water koken.",
        "Door de storm zaten duizenden huishoudens zonder stroom.",
        "Een woordvoerder wilde niet reageren.",
        "De vluchten werden dinsdagavond hervat.",
        "De autoriteiten verwachten dat het aantal stijgt.",
        "De school blijft deze week dicht.",
        "Reddingswerkers haalden een vrouw onder het puin vandaan.",
        "Tram rijdt niet meer na kabelbreuk",
        "Gemeenteraad keurt nieuwe begroting goed",
        "Veerboot loopt vast bij de haven",
        "Twaalf mensen geëvacueerd",
    ],
    "pt": [
        "Os bombeiros combateram o incêndio durante toda a noite.",
        "O prefeito disse que a ponte será reaberta na segunda-feira.",
        "Duas pessoas ficaram feridas no acidente.",
        "A polícia continua a procurar o caminhante desaparecido.",
        "Os moradores devem ferver a água.",
        "A tempestade deixou milhares de casas sem energia.",
        "Um porta-voz recusou-se a comentar.",
        "Os voos foram retomados na terça-feira à noite.",
        "As autoridades esperam que o número aumente.",
        "A escola ficará fechada esta semana.",
        "Os socorristas retiraram uma mulher dos escombros.",
        "Bonde para após rompimento de cabo",
        "Câmara aprova novo orçamento",
        "Balsa encalha perto do porto",
        "Doze pessoas foram retiradas",
    ],
}


def score(name: str, detect, words: int = 0) -> None:  # type: ignore[no-untyped-def]
    """``words``: cut each snippet to its first so many words (0: whole)."""
    n = ok = en_missed = other_as_en = 0
    n_en = sum(len(v) for k, v in SNIPPETS.items() if k == "en")
    n_other = sum(len(v) for k, v in SNIPPETS.items() if k != "en")
    t0 = time.perf_counter()
    for lang, texts in SNIPPETS.items():
        for t in texts:
            got = detect(" ".join(t.split()[:words]) if words else t)
            n += 1
            ok += got == lang
            en_missed += lang == "en" and got != "en"
            other_as_en += lang != "en" and got == "en"
    ms = (time.perf_counter() - t0) / n * 1000
    name = f"{name} ({words} words)" if words else name
    print(f"{name:22} accuracy {ok}/{n} = {ok / n:.3f}; English missed {en_missed}/{n_en}; "
          f"other taken for English {other_as_en}/{n_other}; {ms:.2f} ms/snippet")


def main() -> None:
    t0 = time.perf_counter()
    import py3langid

    py3langid.classify("warm up")
    print(f"py3langid loaded in {time.perf_counter() - t0:.2f}s")
    for w in (0, 4, 2):
        score("py3langid", lambda t: py3langid.classify(t)[0], w)
    try:
        from lingua import LanguageDetectorBuilder
    except ImportError:
        print("lingua not installed")
        return
    t0 = time.perf_counter()
    det = LanguageDetectorBuilder.from_all_languages().build()
    det.detect_language_of("warm up")
    print(f"lingua loaded in {time.perf_counter() - t0:.2f}s")

    def lingua_code(t: str) -> str | None:
        lang = det.detect_language_of(t)
        return lang.iso_code_639_1.name.lower() if lang else None

    for w in (0, 4, 2):
        score("lingua", lingua_code, w)


if __name__ == "__main__":
    main()
