import torch
import torch.nn as nn
import torch.nn.functional as F


class Activations(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 12, 3, padding='same')
        self.act1 = nn.Tanh()
        self.pool1 = nn.MaxPool2d((2, 2))
        self.conv2 = nn.Conv2d(12, 24, [3, 3], stride=1, padding=1)
        self.act2 = nn.LeakyReLU(negative_slope=0.1)
        self.pool2 = nn.AvgPool2d(2, padding=1)
        self.conv3 = nn.Conv2d(24, 32, 3)
        self.gap = nn.AdaptiveAvgPool2d((1, 1))
        self.fc1 = nn.Linear(32, 64)
        self.fc2 = nn.Linear(64, 10)
        self.out = nn.LogSoftmax(dim=1)

    def forward(self, x):
        x = self.pool1(self.act1(self.conv1(x)))
        x = self.pool2(self.act2(self.conv2(x)))
        x = torch.sigmoid(self.conv3(x))
        x = self.gap(x)
        x = torch.flatten(x, 1)
        x = F.elu(self.fc1(x))
        x = F.gelu(x)
        x = F.dropout(x, p=0.3, training=self.training)
        return self.out(self.fc2(x))
