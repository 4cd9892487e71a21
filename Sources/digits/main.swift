import NeuralNet
print("digits")
