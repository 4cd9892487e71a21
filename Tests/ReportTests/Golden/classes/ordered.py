from collections import OrderedDict

import torch.nn as nn


class Ordered(nn.Module):
    kernel = 5
    width = 20

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(OrderedDict([
            ("conv1", nn.Conv2d(1, 6, kernel_size=(5, 5))),
            ("relu1", nn.ReLU()),
            ("s2", nn.MaxPool2d(kernel_size=(2, 2), stride=2)),
            ("conv3", nn.Conv2d(6, 16, kernel_size=(5, 5))),
            ("relu3", nn.ReLU()),
            ("s4", nn.MaxPool2d(kernel_size=(2, 2), stride=2)),
        ]))
        self.classifier = nn.Sequential(OrderedDict([
            ("f5", nn.Linear(16 * 4 * 4, 120)),
            ("relu5", nn.ReLU()),
            ("drop", nn.Dropout(p=0.5)),
            ("f6", nn.Linear(120, 10)),
            ("sig", nn.Softmax(dim=1)),
        ]))
        self.unused = nn.Linear(3, 3)

    def forward(self, img):
        output = self.features(img)
        output = output.view(img.size(0), -1)
        output = self.classifier(output)
        return output
