# en: author
