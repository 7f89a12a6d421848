import PaichaCore
