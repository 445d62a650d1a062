# en: picker
