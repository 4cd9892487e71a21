"""A network in Sequential blocks with batch normalisation (a fixture of digits' tests)."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from collections import OrderedDict

CHANNELS = 16
hidden = 4 * 32  # the width of the classifier


class SeqBN(nn.Module):
    def __init__(self, num_classes=10, dropout=0.25):
        super().__init__()
        self.layer1 = nn.Sequential(
            nn.Conv2d(1, CHANNELS, kernel_size=5, padding=2),
            nn.BatchNorm2d(CHANNELS),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=2, stride=2),
        )
        self.layer2 = nn.Sequential(
            nn.Conv2d(CHANNELS, 2 * CHANNELS, kernel_size=5, padding=2),
            nn.BatchNorm2d(2 * CHANNELS),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=2, stride=2),
        )
        self.drop = nn.Dropout2d(p=dropout)
        self.fc1 = nn.Linear(7 * 7 * 2 * CHANNELS, hidden)
        self.bn = nn.BatchNorm1d(hidden)
        self.fc2 = nn.Linear(hidden, num_classes)

    def forward(self, x):
        out = self.layer1(x)
        out = self.layer2(out)
        out = self.drop(out)
        batch_size = out.size(0)
        out = out.reshape(batch_size, -1)
        out = F.relu(self.bn(self.fc1(out)))
        return F.log_softmax(self.fc2(out), dim=1)


def train(model, loader):
    optimizer = torch.optim.Adam(model.parameters())
    for images, labels in loader:
        optimizer.zero_grad()
        loss = F.nll_loss(model(images), labels)
        loss.backward()
        optimizer.step()


if __name__ == "__main__":
    print(SeqBN())
