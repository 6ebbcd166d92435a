"""Stage 2, understand: sentences, entities, numbers, dates, places and actors.

Every annotation is a :class:`rashomon.model.Mention` with offsets into the
article's cleaned text and a ``canonical`` value that is the same across sources
("fifteen" and "15"; "Fizuli" and "Fuzuli"; "Baku" acting and "Azerbaijan").
"""
