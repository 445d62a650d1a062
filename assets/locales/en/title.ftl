# en: title
title-language-system = as the system
