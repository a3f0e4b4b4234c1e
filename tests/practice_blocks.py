"""Practice blocks written as an author writes them (docs/EXERCICES.md), shared by the rule and browser tests."""

from __future__ import annotations

CHOOSE = """\
```atelier
kind: choose
title: "Annoncer la galette des rois"
situation: "Vous tenez une boulangerie à Rodez. Vous voulez annoncer la galette des rois sur Facebook."
requests:
  - text: "Écris un post sur la galette."
    answer: |
      La galette des rois, c’est le moment de partager !

      Venez découvrir nos galettes. #galette #epiphanie
    feedback: "Trop vague : l’assistant ne sait ni qui vous êtes, ni le ton, ni la longueur voulue. Le texte est passe-partout."
  - text: "Tu es le community manager de ma boulangerie à Rodez. Écris un post Facebook de 4 lignes, ton chaleureux, pour annoncer nos galettes frangipane du 2 au 31 janvier, à 18 € pour 6 parts."
    answer: |
      La galette frangipane est de retour à Rodez !
      Du 2 au 31 janvier, feuilletage pur beurre et crème d’amande maison.
      18 € pour 6 parts, fève et couronne comprises.
      Réservez la vôtre en boutique ou par téléphone !
    feedback: "Rôle, contexte, tâche, format et ton : l’assistant a tout ce qu’il faut, la réponse est prête à publier après relecture."
    best: true
  - text: "Écris un post pour remercier Mme Martin, 06 12 34 56 78, qui a commandé 10 galettes."
    answer: |
      Un grand merci à Mme Martin pour sa commande de 10 galettes !
    feedback: "Cette demande fait fuiter le nom et le téléphone d’une cliente : ne donnez jamais de données personnelles à un assistant."
```
"""

BUILD = """\
```atelier
kind: build
title: "Répondre à un avis Google"
situation: "Un client a laissé 2 étoiles : « Attente trop longue, croissants froids »."
base: "Écris une réponse à cet avis."
pieces:
  - id: contexte
    label: "Le contexte"
    text: "Je tiens une boulangerie de quartier ; samedi, nous étions deux au lieu de trois."
  - id: ton
    label: "Le ton"
    text: "Ton cordial, sans se justifier longuement."
  - id: format
    label: "Le format"
    text: "Cinq lignes au plus, signé « L’équipe de la boulangerie »."
  - id: sans-donnees
    label: "Sans données personnelles"
    text: "N’écris pas le nom du client."
answers:
  - pieces: []
    answer: |
      Cher client, nous sommes désolés. Nous faisons toujours de notre mieux.
  - pieces: [contexte]
    answer: |
      Bonjour, samedi nous étions en effectif réduit, ce qui explique l’attente.
  - pieces: [contexte, ton, format, sans-donnees]
    answer: |
      Bonjour et merci pour votre retour.
      Samedi, l’équipe était réduite : l’attente a été trop longue, pardon.
      Nous revoyons la cuisson du matin pour des croissants chauds.
      Au plaisir de vous revoir,
      L’équipe de la boulangerie
```
"""

REPERER = """\
```reperer
title: "Une réponse d’assistant sur la galette"
counts: true
segments:
  - text: "La galette des rois se mange traditionnellement en janvier, "
  - text: "depuis un décret de Louis XIV de 1682 qui l’impose aux boulangers."
    wrong: true
    explanation: "Inventé : aucun décret de ce genre. Un assistant peut citer une loi qui n’existe pas avec assurance."
  - text: " On y cache une fève. "
  - text: "En 2025, 98 % des Français en ont mangé au moins trois."
    wrong: true
    explanation: "Chiffre sans source : un pourcentage précis et invérifiable doit éveiller le doute."
  - text: " La frangipane est la recette la plus courante au nord de la Loire."
    explanation: "Juste : c’est une note, montrée après la validation."
```
"""
